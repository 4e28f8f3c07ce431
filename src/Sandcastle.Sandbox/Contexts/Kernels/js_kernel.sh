# Starts the JavaScript kernel that follows the marker line below. --expose-internals lets it reuse the REPL's
# top-level-await rewrite; that flag is refused in NODE_OPTIONS, hence this launcher.
exec node --expose-internals -e "$(sed '1,/^#--- kernel ---$/d' "$0")"
#--- kernel ---
