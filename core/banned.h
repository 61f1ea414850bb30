/*
 * banned.h - functions that have no place in Shomer (after git's banned.h).
 * Included last by every core and plugin source file so that a use is a
 * compile error.  Use the strbuf functions, snprintf, and parse_long/
 * parse_double from util.h instead.
 */
#ifndef SHOMER_BANNED_H
#define SHOMER_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atof
#define atof(x) BANNED(atof)
#undef strtok
#define strtok(x, y) BANNED(strtok)

#endif /* SHOMER_BANNED_H */
