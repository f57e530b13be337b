/* labinfo.c: stands in the kernel sources a student changes. The tree compiles it before it
 * takes moo's kernel, so a submission whose copy does not compile fails to build. */
const char *lab_name = "tools/grade fixture";
