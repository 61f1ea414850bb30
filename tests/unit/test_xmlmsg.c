/*
 * test_xmlmsg.c - libxml2's messages rewritten for people: one case per rule,
 * with the exact text libxml2 2.9 produces.
 */
#include <stdlib.h>

#include "check.h"
#include "xmlmsg.h"

static void expect(const char *in, const char *want, const char *what)
{
	char *got = xmlmsg_plain(in);
	CHECK_STR(got, want, what);
	free(got);
}

int main(void)
{
	expect("Element '{urn:shomer:site:1}capacity': 'many' is not a valid value of the atomic "
	       "type 'xs:nonNegativeInteger'.\n",
	       "<capacity>: 'many' is not a whole number", "atomic type");
	expect("Element '{urn:shomer:site:1}kind': [facet 'enumeration'] The value 'mosque' is not "
	       "an element of the set {'synagogue', 'school'}.\n",
	       "<kind>: 'mosque' is not one of: synagogue, school", "enumeration");
	expect("Element '{urn:shomer:site:1}site', attribute 'id': [facet 'pattern'] The value "
	       "'x-1' is not accepted by the pattern '[A-Z0-9]+(-[A-Z0-9]+)*'.\n",
	       "attribute 'id' of <site>: 'x-1' is not in the expected form (upper-case letters "
	       "and digits in dash-separated groups, such as LDN-SYN-0001)",
	       "pattern with a hint");
	expect("Element '{urn:x:1}thing': [facet 'pattern'] The value 'a' is not accepted by the "
	       "pattern 'b'.",
	       "<thing>: 'a' is not in the expected form", "pattern without a hint");
	expect("Element '{urn:shomer:site:1}location', attribute 'lat': [facet 'maxInclusive'] The "
	       "value '95.0' is greater than the maximum value allowed ('90').\n",
	       "attribute 'lat' of <location>: 95.0 is above the largest allowed, 90",
	       "maxInclusive");
	expect("Element '{urn:shomer:site:1}location', attribute 'lon': [facet 'minInclusive'] The "
	       "value '-190' is less than the minimum value allowed ('-180').\n",
	       "attribute 'lon' of <location>: -190 is below the smallest allowed, -180",
	       "minInclusive");
	expect("Element '{urn:shomer:cctv:1}mount', attribute 'bearing': [facet 'maxExclusive'] "
	       "The value '360' must be less than '360'.\n",
	       "attribute 'bearing' of <mount>: 360 is too large: it must be less than 360",
	       "maxExclusive");
	expect("Element '{urn:shomer:cctv:1}fov', attribute 'degrees': [facet 'minExclusive'] "
	       "The value '0' must be greater than '0'.\n",
	       "attribute 'degrees' of <fov>: 0 is too small: it must be greater than 0",
	       "minExclusive");
	expect("Element '{urn:shomer:site:1}notes': [facet 'maxLength'] The value has a length of "
	       "'66000'; this exceeds the allowed maximum length of '4000'.\n",
	       "<notes> is 66000 characters long; at most 4000 are allowed", "maxLength");
	expect("Element '{urn:shomer:site:1}name': [facet 'minLength'] The value has a length of "
	       "'0'; this underruns the allowed minimum length of '1'.\n",
	       "<name> must not be empty", "minLength of an empty value");
	expect("Element '{urn:shomer:site:1}location': The attribute 'lon' is required but "
	       "missing.\n",
	       "<location>: attribute 'lon' is required", "required attribute");
	expect("Element '{urn:shomer:site:1}location', attribute 'alt': The attribute 'alt' is not "
	       "allowed.\n",
	       "<location>: attribute 'alt' is not allowed", "attribute not allowed");
	expect("Element '{urn:shomer:site:1}location': This element is not expected. Expected is ( "
	       "{urn:shomer:site:1}region ).\n",
	       "<location> is not expected here; expected <region>", "unexpected element");
	expect("Element '{urn:shomer:site:1}site': Missing child element(s). Expected is one of ( "
	       "{urn:shomer:site:1}address, {urn:shomer:site:1}location ).\n",
	       "<site> is missing an element: the next must be one of <address>, <location>",
	       "missing child, one of");
	expect("Element '{urn:shomer:site:1}region': Element content is not allowed, because the "
	       "type definition is simple.\n",
	       "<region> must hold text only, not elements", "element content in a simple type");
	expect("Excessive depth in document: 256 use XML_PARSE_HUGE option\n",
	       "elements nested deeper than 256 levels", "depth, without the forbidden option");
	expect("Input is not proper UTF-8, indicate encoding !\nBytes: 0xC3 0x28 0x20 0x53\n",
	       "text is not valid UTF-8 (bytes 0xC3 0x28 0x20 0x53); save the file as UTF-8",
	       "invalid UTF-8, one line");
	expect("Entity 'secret' not defined\n", "entity references are not allowed ('&secret;')",
	       "undefined entity");
	expect("Opening and ending tag mismatch: region line 7 and site\n",
	       "<region> opened on line 7 is closed by </site>", "tag mismatch");
	expect("Premature end of data in tag sites line 2\n",
	       "<sites> opened on line 2 is never closed (the file ends first)", "premature end");
	expect("Some New Message.\n", "some New Message", "unknown text: lowercased, no full stop");
	expect("XML declaration allowed only at the start of the document\n",
	       "XML declaration allowed only at the start of the document", "acronym kept");
	expect("", "", "empty message");
	return check_done();
}
