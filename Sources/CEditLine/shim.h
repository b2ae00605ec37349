// libedit's readline-compatible API. Swift cannot call C variadic functions,
// so the REPL uses these non-variadic entry points (readline, add_history,
// rl_* hooks) instead of el_set and history.
#include <stdio.h>
#include <editline/readline.h>
