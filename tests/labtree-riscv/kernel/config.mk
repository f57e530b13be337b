# The kernel this tree builds: moo's, with copy-on-write fork, without test hooks.
FORK = cow
TESTHOOKS = 0
