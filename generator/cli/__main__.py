import sys

# Ctrl-C while the package is still importing (a second or two) stops quietly, as it does later.
try:
    from . import main

    status = main()
except KeyboardInterrupt:
    print("interrupted; nothing was written.", file=sys.stderr)
    status = 130
sys.exit(status)
