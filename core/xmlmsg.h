/*
 * xmlmsg.h - libxml2's parser and schema-validator messages, rewritten for
 * the people who fix the files: the element in angle brackets without its
 * namespace, what is wrong in words rather than in XSD types and regular
 * expressions, lowercase, no final full stop (STYLE.md, "One way to fail").
 *
 *   Element '{urn:shomer:site:1}capacity': 'many' is not a valid value of
 *   the atomic type 'xs:nonNegativeInteger'.
 * becomes
 *   <capacity>: 'many' is not a whole number
 *
 * A message no rule knows keeps its words, tidied the same way.
 */
#ifndef SHOMER_XMLMSG_H
#define SHOMER_XMLMSG_H

/* Rewrites one message (possibly several lines); the result is malloc'ed. */
char *xmlmsg_plain(const char *message);

#endif /* SHOMER_XMLMSG_H */
