-- A class portal's reports: one per learner, the latest replacing the one before. The learner is their
-- display name as sent, compared case-blind (learner_key); the report is kept as it came, and judged
-- again whenever it is shown.
create table class_report (
    learner_key  varchar(200) primary key,
    learner_name varchar(200) not null,
    received_at  timestamp    not null,
    report_json  text         not null
);
