/* SPDX-License-Identifier: MIT */
/*
 * cldr-names LOCALE: prints, one per line, text that ICU 72's CLDR data
 * holds in LOCALE: the display names of every available locale, of the
 * ISO 639 languages and ISO 3166 countries, and the month and weekday
 * names.  make_corpus_indep.py uses it for Japanese and Chinese text
 * that the detector's models were never trained on.
 */
#include <stdio.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

static void
print_uchars(const UChar *s, int32_t n)
{
	char buf[1024];
	int32_t len = 0;
	UErrorCode err = U_ZERO_ERROR;
	u_strToUTF8(buf, (int32_t)sizeof(buf), &len, s, n, &err);
	if (U_SUCCESS(err) && len > 0 && len < (int32_t)sizeof(buf)) {
		fwrite(buf, 1, (size_t)len, stdout);
		putchar('\n');
	}
}

static void
print_symbols(const char *locale, UDateFormatSymbolType type)
{
	UErrorCode err = U_ZERO_ERROR;
	UDateFormat *f = udat_open(UDAT_NONE, UDAT_FULL, locale, NULL, 0,
	                           NULL, 0, &err);
	if (U_FAILURE(err)) {
		return;
	}
	int32_t n = udat_countSymbols(f, type);
	for (int32_t i = 0; i < n; i++) {
		UChar s[256];
		err = U_ZERO_ERROR;
		int32_t len = udat_getSymbols(f, type, i, s, 256, &err);
		if (U_SUCCESS(err) && len > 0) {
			print_uchars(s, len);
		}
	}
	udat_close(f);
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: cldr-names LOCALE\n");
		return 2;
	}
	const char *locale = argv[1];
	UChar s[512];
	for (int32_t i = 0; i < uloc_countAvailable(); i++) {
		UErrorCode err = U_ZERO_ERROR;
		int32_t len = uloc_getDisplayName(uloc_getAvailable(i), locale,
		                                  s, 512, &err);
		if (U_SUCCESS(err)) {
			print_uchars(s, len);
		}
	}
	for (const char *const *l = uloc_getISOLanguages(); *l != NULL; l++) {
		UErrorCode err = U_ZERO_ERROR;
		int32_t len = uloc_getDisplayLanguage(*l, locale, s, 512, &err);
		if (U_SUCCESS(err)) {
			print_uchars(s, len);
		}
	}
	for (const char *const *c = uloc_getISOCountries(); *c != NULL; c++) {
		char tag[8];
		snprintf(tag, sizeof(tag), "und_%s", *c);
		UErrorCode err = U_ZERO_ERROR;
		int32_t len = uloc_getDisplayCountry(tag, locale, s, 512, &err);
		if (U_SUCCESS(err)) {
			print_uchars(s, len);
		}
	}
	print_symbols(locale, UDAT_MONTHS);
	print_symbols(locale, UDAT_WEEKDAYS);
	return 0;
}
