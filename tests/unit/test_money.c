/*
 * test_money.c - money_parse and money_format (core/util.c): amounts as
 * people write them, read into pence with integer arithmetic, and back.
 */
#include "util.h"

#include <stdint.h>

#include "check.h"

static void accepts(const char *text, int64_t want)
{
	int64_t got = -1;
	char what[128];

	snprintf(what, sizeof(what), "'%s' reads as %lld pence", text, (long long)want);
	CHECK(money_parse(text, &got) == 0 && got == want, what);
}

static void refuses(const char *text)
{
	int64_t got = 12345;
	char what[128];

	snprintf(what, sizeof(what), "'%s' is refused and the result left alone",
	         text ? text : "(null)");
	CHECK(money_parse(text, &got) == -1 && got == 12345, what);
}

static void formats(int64_t pence, const char *want)
{
	char buf[MONEY_FMT_MAX], what[128];

	snprintf(what, sizeof(what), "%lld pence prints as %s", (long long)pence, want);
	CHECK_STR(money_format(pence, buf, sizeof(buf)), want, what);
}

int main(void)
{
	accepts("0", 0);
	accepts("7", 700);
	accepts("1234.56", 123456);
	accepts("1234.5", 123450);
	accepts("0.05", 5);
	accepts("000012.30", 1230);
	accepts("999999999999.99", 99999999999999LL);

	refuses(NULL);
	refuses("");
	refuses("12.345");
	refuses("1,000");
	refuses("1e3");
	refuses("NaN");
	refuses("inf");
	refuses("--5");
	refuses("-5");
	refuses("+5");
	refuses("5.");
	refuses(".5");
	refuses(" 5");
	refuses("5 ");
	refuses("£5");
	refuses("5 GBP");
	refuses("0x10");
	refuses("1000000000000"); /* 13 digits of pounds */

	formats(0, "0.00");
	formats(5, "0.05");
	formats(123456, "1234.56");
	formats(-1205, "-12.05");
	formats(INT64_MIN, "-92233720368547758.08");

	/* every amount prints as text that reads back as itself */
	int round_trip = 1;
	for (int64_t p = 0; p < 100000; p += 37) {
		char buf[MONEY_FMT_MAX];
		int64_t back = -1;
		if (money_parse(money_format(p, buf, sizeof(buf)), &back) != 0 || back != p)
			round_trip = 0;
	}
	CHECK(round_trip, "formatted amounts read back as the same pence");
	return check_done();
}
