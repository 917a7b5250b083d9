-- A learner's progress: every experiment run with what it measured and how its checks came out, and
-- the answers to the reflection questions. Runs are never overwritten; the latest per experiment counts.
create table experiment_run (
    id            bigint auto_increment primary key,
    experiment_id varchar(64)   not null,
    started_at    timestamp     not null,
    finished_at   timestamp,
    -- RUNNING, PASSED (every check passed), CHECKS_FAILED, FAILED (no evidence: the reason says why),
    -- CANCELLED, INTERRUPTED (the portal stopped during the run), IMPORTED
    status        varchar(16)   not null,
    runtime       varchar(200)  not null,
    model         varchar(300),
    failure       varchar(4000),
    evidence_json clob,
    checks_json   clob
);
create index experiment_run_latest on experiment_run (experiment_id, id);

create table answer (
    question_id varchar(64) primary key,
    text        clob        not null,
    updated_at  timestamp   not null
);
