# The page's terminal: an interactive bash in the repository root, with the lab's JDK first on PATH and
# the services' ports in TRADITIONAL_PORT and ML_PORT. Two markers, which the portal reads and removes
# before the page sees them, let it record what the learner typed: PS0 marks a command's start, and the
# prompt marks its end with its exit code and the command line (base64), read from history.
unset HISTFILE
HISTCONTROL=
HISTSIZE=5000
shopt -s checkwinsize cmdhist
PS1='\[\e[1;34m\]\w\[\e[0m\] \$ '
PS0='\e]6973;B\a'
__lab_seen=
__lab_prompt() {
  local status=$? entry number
  entry=$(HISTTIMEFORMAT= builtin history 1)
  entry=${entry#"${entry%%[! ]*}"}
  number=${entry%%[!0-9]*}
  if [ -n "$number" ] && [ "$number" != "$__lab_seen" ]; then
    __lab_seen=$number
    entry=${entry#"$number"}
    printf '\e]6973;D;%s;%s\a' "$status" "$(printf '%s' "${entry#  }" | base64 -w0)"
  fi
}
PROMPT_COMMAND=__lab_prompt
