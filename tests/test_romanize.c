/* SPDX-License-Identifier: MIT */
/*
 * Romanization: every example of the RR notice and of the standard
 * pronunciation rules (the lists in tests/romanize, sources per line), official
 * place names, and the API contract (buffers, errors, pass-through).
 */
#include "../src/internal.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RR KONORM_ROMAN_RR
#define PROPER KONORM_ROMAN_PROPER
#define PLACE KONORM_ROMAN_PLACE
#define NAME KONORM_ROMAN_NAME

static const struct {
	const char *mode;
	uint32_t flags;
} modes[] = {
	{"plain", RR},
	{"proper", PROPER},
	{"hyphen", PROPER | KONORM_ROMAN_HYPHEN_AMBIGUOUS},
	{"place", PLACE},
	{"name", NAME},
	{"name-hyphen", NAME | KONORM_ROMAN_NAME_HYPHEN},
	{"popular", NAME | KONORM_ROMAN_SURNAME_POPULAR},
	{"translit", KONORM_ROMAN_RR_TRANSLIT},
};

/* Romanizes into a static-size buffer; the output is NUL-terminated for
 * the messages. */
static struct konorm_result
run(const char *in, size_t len, uint32_t flags, char *out, size_t cap)
{
	struct konorm_result r = konorm_romanize(in, len, out, cap - 1, flags);
	out[r.needed < cap - 1 ? r.needed : cap - 1] = '\0';
	return r;
}

static bool
check_case(struct kt *t, const char *what, const char *in, uint32_t flags,
           const char *want)
{
	char out[4096];
	struct konorm_result r = run(in, strlen(in), flags, out, sizeof(out));
	bool ok = r.status == KONORM_OK && strcmp(out, want) == 0;
	return KT_CHECK(t, ok, "%s: %s -> '%s', want '%s' (status %d)", what,
	                in, out, want, (int)r.status);
}

static bool
mode_flags(const char *mode, uint32_t *flags)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(modes); i++) {
		if (strcmp(modes[i].mode, mode) == 0) {
			*flags = modes[i].flags;
			return true;
		}
	}
	return false;
}

/* Runs every line "mode<TAB>input<TAB>expected<TAB>source" of a list. */
static void
check_list(struct kt *t, const char *rel, size_t min_cases)
{
	char *path = kt_path(kt_source_dir(), rel);
	size_t len = 0;
	char *text = kt_read_file(t, path, &len);
	size_t cases = 0;
	for (char *line = text ? strtok(text, "\n") : NULL; line != NULL;
	     line = strtok(NULL, "\n")) {
		if (line[0] == '#') {
			continue;
		}
		char *f[4] = {line, NULL, NULL, NULL};
		for (int k = 1; k < 4 && f[k - 1] != NULL; k++) {
			char *tab = strchr(f[k - 1], '\t');
			if (tab != NULL) {
				*tab = '\0';
				f[k] = tab + 1;
			}
		}
		uint32_t flags = 0;
		if (!KT_CHECK(t, f[2] != NULL && f[3] != NULL &&
		                         mode_flags(f[0], &flags),
		              "%s: malformed line '%s'", rel, line)) {
			continue;
		}
		char what[256];
		snprintf(what, sizeof(what), "%s (%s)", rel, f[3]);
		check_case(t, what, f[1], flags, f[2]);
		cases++;
	}
	KT_CHECK(t, cases >= min_cases, "%s: %zu cases, want %zu or more",
	         rel, cases, min_cases);
	free(text);
	free(path);
}

static const struct {
	const char *description;
	const char *input;
	uint32_t flags;
	const char *expected;
} cases[] = {
	{"empty", "", RR, ""},
	{"ASCII passes through", "Seoul 2024, ok!", RR, "Seoul 2024, ok!"},
	{"mixed line keeps spacing and punctuation",
	 "Kim Jong-un (김정은) said: \"안녕!\"", RR,
	 "Kim Jong-un (gimjeongeun) said: \"annyeong!\""},
	{"no ㄴ insertion in ordinary words (안양)", "안양", PROPER,
	 "Anyang"},
	{"no ㄴ insertion in ordinary words (밀양)", "밀양", PROPER,
	 "Miryang"},
	{"no unit hyphen in plain mode (친구)", "친구", RR, "chingu"},
	{"no unit hyphen in plain mode (온도)", "온도", RR, "ondo"},
	{"no unit hyphen in plain mode (운동)", "운동", RR, "undong"},
	{"no unit hyphen in plain mode (경기도)", "경기도", RR, "gyeonggido"},
	{"hyphen for ambiguity is off by default", "중앙", RR, "jungang"},
	{"RR 3-1: no sound change across a space", "신 라", RR, "sin ra"},
	{"ㅢ stays ui (RR 2-1 [붙임 1])", "희망", RR, "huimang"},
	{"Hanja through kHangul, 두음 법칙 at the start (李)", "李", PROPER,
	 "I"},
	{"Hanja inside a word keeps ㄹ (原理)", "原理", RR, "wolli"},
	{"Hanja and Hangul in one word (漢字를)", "漢字를", RR,
	 "hanjareul"},
	{"女 at the start reads 여", "女子", RR, "yeoja"},
	{"compatibility jamo pass through", "ㅋㅋㅋ 웃겨", RR,
	 "ㅋㅋㅋ utgyeo"},
	{"NFD jamo L V T compose (U+1112 U+1161 U+11AB is 한)",
	 "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", RR, "han"},
	{"NFD word: sound changes across composed syllables (종로)",
	 "\xE1\x84\x8C\xE1\x85\xA9\xE1\x86\xBC"
	 "\xE1\x84\x85\xE1\x85\xA9",
	 PROPER, "Jongno"},
	{"NFD and precomposed in one word (종 + NFD 로)",
	 "종\xE1\x84\x85\xE1\x85\xA9", RR, "jongno"},
	{"precomposed LV and a jongseong jamo compose (가 U+11A8 is 각)",
	 "가\xE1\x86\xA8", RR, "gak"},
	{"NFD place with a unit (서울특별시 in jamo)",
	 "\xE1\x84\x89\xE1\x85\xA5\xE1\x84\x8B\xE1\x85\xAE"
	 "\xE1\x86\xAF\xE1\x84\x90\xE1\x85\xB3\xE1\x86\xA8"
	 "\xE1\x84\x87\xE1\x85\xA7\xE1\x86\xAF\xE1\x84\x89"
	 "\xE1\x85\xB5",
	 PLACE, "Seoul-teukbyeolsi"},
	{"NFD unit after a number (봉천1동 with 동 in jamo)",
	 "봉천1\xE1\x84\x83\xE1\x85\xA9\xE1\x86\xBC", PLACE,
	 "Bongcheon 1(il)-dong"},
	{"a lone choseong jamo passes through", "\xE1\x84\x92 ok", RR,
	 "\xE1\x84\x92 ok"},
	{"a lone jungseong jamo passes through", "\xE1\x85\xA1", RR,
	 "\xE1\x85\xA1"},
	{"L V truncated at the end of the input: the L passes through",
	 "\xE1\x84\x92", RR, "\xE1\x84\x92"},
	{"old Hangul: double choseong (U+1100 U+1100 U+1161) passes through",
	 "\xE1\x84\x80\xE1\x84\x80\xE1\x85\xA1", RR,
	 "\xE1\x84\x80\xE1\x84\x80\xE1\x85\xA1"},
	{"old Hangul: L V V (ᄒ ᅡ U+1175...) keeps the cluster",
	 "\xE1\x84\x92\xE1\x85\xA1\xE1\x85\xB5", RR,
	 "\xE1\x84\x92\xE1\x85\xA1\xE1\x85\xB5"},
	{"old Hangul: old jongseong (U+11EB) keeps the cluster",
	 "\xE1\x84\x92\xE1\x85\xA1\xE1\x87\xAB", RR,
	 "\xE1\x84\x92\xE1\x85\xA1\xE1\x87\xAB"},
	{"old Hangul: a tone mark (U+302E) after L V keeps it",
	 "\xE1\x84\x92\xE1\x85\xA1\xE3\x80\xAE", RR,
	 "\xE1\x84\x92\xE1\x85\xA1\xE3\x80\xAE"},
	{"old Hangul: choseong filler (U+115F) passes through",
	 "\xE1\x85\x9F\xE1\x85\xA1", RR, "\xE1\x85\x9F\xE1\x85\xA1"},
	{"old Hangul (arae-a) passes through", "\xE1\x84\x92\xE1\x86\x9E",
	 RR, "\xE1\x84\x92\xE1\x86\x9E"},
	{"place: address", "경기도 수원시 팔달구", PLACE,
	 "Gyeonggi-do Suwon-si Paldal-gu"},
	{"place: 특별시 is a unit", "서울특별시 종로구", PLACE,
	 "Seoul-teukbyeolsi Jongno-gu"},
	{"place: 동 after a number, with its reading", "신림1동", PLACE,
	 "Sillim 1(il)-dong"},
	{"place: a number not before a unit", "신림1 101동 제2", PLACE,
	 "Sillim1 101(baegil)-dong Je2"},
	{"place: RR 3-5 example 종로 2가", "종로 2가", PLACE,
	 "Jongno 2(i)-ga"},
	{"place: number reading 10 (no 일 before 십)", "세종로 10가", PLACE,
	 "Sejongno 10(sip)-ga"},
	{"place: number reading 11, linked", "을지로 11가", PLACE,
	 "Euljiro 11(sibil)-ga"},
	{"place: number reading 16 [심뉵]", "16동", PLACE,
	 "16(simnyuk)-dong"},
	{"place: number reading 1234", "1234동", PLACE,
	 "1234(cheonibaeksamsipsa)-dong"},
	{"place: no reading for a leading zero, a decimal, 5 digits",
	 "007동 2.5가 12345가", PLACE, "007-dong 2.5-ga 12345-ga"},
	{"place: --no-number-reading", "종로 2가 역삼1동",
	 PLACE | KONORM_ROMAN_NO_NUMBER_READING, "Jongno 2-ga Yeoksam 1-dong"},
	{"place: MR number reading", "종로 2가", PLACE | KONORM_ROMAN_MR,
	 "Chongno 2(i)-ka"},
	{"place: transliteration keeps the number alone", "종로 2가",
	 PLACE | KONORM_ROMAN_RR_TRANSLIT, "Jonglo 2-ga"},
	{"road: 대로 with a building number", "세종대로 209", PLACE,
	 "Sejong-daero 209"},
	{"road: 로 before a building number", "종로 1", PLACE, "Jong-ro 1"},
	{"road: 로 alone is the area name", "종로", PLACE, "Jongno"},
	{"road: 로 before a unit is the area name", "종로 2가", PLACE,
	 "Jongno 2(i)-ga"},
	{"road: a decimal is no building number", "종로 2.5가", PLACE,
	 "Jongno 2.5-ga"},
	{"road: a number and a letter is no building number", "종로 1A",
	 PLACE, "Jongno 1A"},
	{"road: a list of numbers (1·2가) is no building number",
	 "종로1\xC2\xB7" "2가", PLACE, "Jongno 1(il).2(i)-ga"},
	{"road: a building number with a sub-number", "테헤란로 152-3", PLACE,
	 "Teheran-ro 152-3"},
	{"road: a building number then a comma", "중앙로 5, 서울", PLACE,
	 "Jungang-ro 5, Seoul"},
	{"road: numbered 길 stuck to the road", "세종대로23길", PLACE,
	 "Sejong-daero 23-gil"},
	{"road: 번길 after a space", "중앙로 123번길 15", PLACE,
	 "Jungang-ro 123beon-gil 15"},
	{"road: 번가길", "보수대로258번가길", PLACE,
	 "Bosu-daero 258beonga-gil"},
	{"road: numbered 로", "무룡1로", PLACE, "Muryong 1-ro"},
	{"road: numbered 로, then a building number", "진장유통1로 5",
	 PLACE, "Jinjangyutong 1-ro 5"},
	{"road: 1로 after a space is the particle, not a road", "값을 1로 지정",
	 PLACE, "Gapseul 1ro Jijeong"},
	{"road: 길 after a space is a numbered branch", "세종대로 23길 4",
	 PLACE, "Sejong-daero 23-gil 4"},
	{"road: the name before a numbered branch is written whole",
	 "곡리5길", PLACE, "Gongni 5-gil"},
	{"road: 대로 after one syllable is X대 + 로 (중대로)", "중대로 10",
	 PLACE, "Jungdae-ro 10"},
	{"road: NFD 길 after the number (세종대로23 + U+1100 U+1175 U+11AF)",
	 "세종대로23\xE1\x84\x80\xE1\x85\xB5\xE1\x86\xAF", PLACE,
	 "Sejong-daero 23-gil"},
	{"road: four syllables after the number are no branch suffix",
	 "종로 1번가나다", PLACE, "Jongno 1beonganada"},
	{"road: no sound change across the hyphen (신문로 1)", "신문로 1",
	 PLACE, "Sinmun-ro 1"},
	{"road: MR writes the unit apart too", "세종대로 209",
	 PLACE | KONORM_ROMAN_MR, "Sejong-taero 209"},
	{"road: rr-translit (ㄹ always l, RR 3-8)", "종로 1",
	 PLACE | KONORM_ROMAN_RR_TRANSLIT, "Jong-lo 1"},
	{"road: plain mode writes no road hyphen", "세종대로 23길 종로 1", RR,
	 "sejongdaero 23gil jongno 1"},
	{"proper: no capital after a digit (23길)", "세종대로 23길", PROPER,
	 "Sejongdaero 23gil"},
	{"place: 가동 after a number", "종로2가동", PLACE,
	 "Jongno 2(i)-ga-dong"},
	{"place: a list of numbers before a unit (면목3·8동)",
	 "면목3\xC2\xB7" "8동", PLACE, "Myeonmok 3(sam).8(pal)-dong"},
	{"place: a list without readings",
	 "종로1\xC2\xB7" "2가동", PLACE | KONORM_ROMAN_NO_NUMBER_READING,
	 "Jongno 1.2-ga-dong"},
	{"place: a list of two-digit numbers is left alone",
	 "종로12\xC2\xB7" "3가동", PLACE,
	 "Jongno12\xC2\xB7" "3(sam)-ga-dong"},
	{"place: a list with no unit after it is left alone",
	 "종로1\xC2\xB7" "2", PLACE, "Jongno1\xC2\xB7" "2"},
	{"place: a middle dot at the end of the input",
	 "종로1\xC2\xB7", PLACE, "Jongno1\xC2\xB7"},
	{"plain: a list keeps its middle dots",
	 "종로1\xC2\xB7" "2가동", RR, "jongno1\xC2\xB7" "2gadong"},
	{"place: no capital after a digit (1번지)", "종로 1번지", PLACE,
	 "Jongno 1beonji"},
	{"place: 대구 is a city", "대구", PLACE, "Daegu"},
	{"place: 독도 is an island", "독도", PLACE, "Dokdo"},
	{"place: 중구 is a district", "중구", PLACE, "Jung-gu"},
	{"name: two-syllable surname", "남궁민수", NAME, "Namgung Minsu"},
	{"name: 황보", "황보관", NAME, "Hwangbo Gwan"},
	{"name: 선우 before one syllable is 선 + given name", "선우진", NAME,
	 "Seon Ujin"},
	{"name: 선우 before two syllables is the surname", "선우용녀", NAME,
	 "Seonu Yongnyeo"},
	{"name: 선우 alone, given name after a space", "선우 진", NAME,
	 "Seonu Jin"},
	{"name: 선우 popular", "선우용녀", NAME | KONORM_ROMAN_SURNAME_POPULAR,
	 "Sunwoo Yongnyeo"},
	{"name: surname and given name apart", "홍 길동", NAME,
	 "Hong Gildong"},
	{"name: a list of names", "김철수, 박영희", NAME,
	 "Gim Cheolsu, Bak Yeonghui"},
	{"name: popular surname", "김정은", NAME | KONORM_ROMAN_SURNAME_POPULAR,
	 "Kim Jeongeun"},
	{"name: popular and hyphen", "이순신",
	 NAME | KONORM_ROMAN_SURNAME_POPULAR | KONORM_ROMAN_NAME_HYPHEN,
	 "Lee Sun-sin"},
	{"name: RR surname", "최지우", NAME, "Choe Jiu"},
	{"MR: P'yŏngyang", "평양", KONORM_ROMAN_MR | PROPER,
	 "P'y\xC5\x8Fngyang"},
	{"MR: Kaesŏng", "개성", KONORM_ROMAN_MR | PROPER,
	 "Kaes\xC5\x8Fng"},
	{"MR: Hamhŭng", "함흥", KONORM_ROMAN_MR | PROPER,
	 "Hamh\xC5\xADng"},
	{"MR: Ch'ŏngjin", "청진", KONORM_ROMAN_MR | PROPER,
	 "Ch'\xC5\x8Fngjin"},
	{"MR: n'g apostrophe", "한국", KONORM_ROMAN_MR | PROPER, "Han'guk"},
	{"MR: s before i", "신의주", KONORM_ROMAN_MR | PROPER,
	 "Sin\xC5\xADiju"},
	{"MR: sh before wi", "쉬다", KONORM_ROMAN_MR, "shwida"},
	{"MR: ch after l", "울진", KONORM_ROMAN_MR | PROPER, "Ulchin"},
	{"MR: g after l", "칠곡", KONORM_ROMAN_MR | PROPER, "Ch'ilgok"},
	{"MR: voicing after a vowel", "대구", KONORM_ROMAN_MR | PROPER,
	 "Taegu"},
	{"MR: no voicing after k", "낙동강", KONORM_ROMAN_MR | PROPER,
	 "Naktonggang"},
	{"MR: capital breve", "어머니", KONORM_ROMAN_MR | PROPER,
	 "\xC5\x8Em\xC5\x8Fni"},
	{"MR --ascii", "평양", KONORM_ROMAN_MR | PROPER | KONORM_ROMAN_ASCII,
	 "P'yongyang"},
	{"MR name", "김일성", KONORM_ROMAN_MR | NAME | KONORM_ROMAN_NAME_HYPHEN,
	 "Kim Il-s\xC5\x8Fng"},
	{"Yale", "한국어", KONORM_ROMAN_YALE, "hankwuke"},
	{"Yale: clusters letter for letter", "닭값", KONORM_ROMAN_YALE,
	 "talkkaps"},
	{"Yale: vowels apart", "아이", KONORM_ROMAN_YALE, "a.i"},
	{"Yale: u after labials", "물 부산 국", KONORM_ROMAN_YALE,
	 "mul pusan kwuk"},
	{"translit: ambiguous cluster gets a hyphen", "아빠",
	 KONORM_ROMAN_RR_TRANSLIT, "a-ppa"},
	{"translit: 햇살", "햇살", KONORM_ROMAN_RR_TRANSLIT, "haes-sal"},
	{"reverse", "eobs-eoss-seubnida, mul-yeos!",
	 KONORM_ROMAN_RR_TRANSLIT | KONORM_ROMAN_REVERSE,
	 "없었습니다, 물엿!"},
	{"reverse: a word that is not a transliteration stays",
	 "xyzzy strength Hangeul",
	 KONORM_ROMAN_RR_TRANSLIT | KONORM_ROMAN_REVERSE,
	 "xyzzy strength 한글"},
};

static void
check_cases(struct kt *t)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(cases); i++) {
		check_case(t, cases[i].description, cases[i].input,
		           cases[i].flags, cases[i].expected);
	}
}

static void
check_errors(struct kt *t)
{
	char out[256];
	struct konorm_result r = konorm_romanize(NULL, 0, out, sizeof(out), 0);
	KT_CHECK(t, r.status == KONORM_OK && r.needed == 0,
	         "NULL with length 0 is the empty string");
	r = konorm_romanize(NULL, 1, out, sizeof(out), 0);
	KT_CHECK(t, r.status == KONORM_EINVAL, "NULL with length 1");
	r = konorm_romanize("a", 1, out, sizeof(out), 0x9u);
	KT_CHECK(t, r.status == KONORM_EINVAL, "unknown system");
	r = konorm_romanize("a", 1, out, sizeof(out), 0x80000000u);
	KT_CHECK(t, r.status == KONORM_EINVAL, "unknown flag");
	r = konorm_romanize("a", 1, out, sizeof(out), KONORM_ROMAN_REVERSE);
	KT_CHECK(t, r.status == KONORM_EINVAL, "reverse needs rr-translit");

	const char *bad = "신라 \xFF 종로";
	r = run(bad, strlen(bad), RR, out, sizeof(out));
	KT_CHECK(t, r.status == KONORM_EINVAL_UTF8 && r.offset == 7,
	         "invalid byte at its offset (status %d offset %zu)",
	         (int)r.status, r.offset);
	KT_STR(t, out, strlen(out), "silla ", "output before the bad byte");
	/* A sequence cut at the end of the buffer. */
	const char *cut = "종로\xEC\xA2";
	r = run(cut, strlen(cut), RR, out, sizeof(out));
	KT_CHECK(t, r.status == KONORM_ETRUNCATED && r.offset == 6,
	         "truncated sequence at the end (status %d offset %zu)",
	         (int)r.status, r.offset);
	KT_STR(t, out, strlen(out), "jongno", "word before the cut");
	const char *surrogate = "a\xED\xA0\x80";
	r = run(surrogate, strlen(surrogate), RR, out, sizeof(out));
	KT_CHECK(t, r.status == KONORM_EINVAL_UTF8 && r.offset == 1,
	         "surrogate rejected");
	/* Road look-ahead past the number: a cut or bad sequence after it. */
	const char *road_cut = "종로 1\xEA\xB8";
	r = run(road_cut, strlen(road_cut), PLACE, out, sizeof(out));
	KT_CHECK(t, r.status == KONORM_ETRUNCATED && r.offset == 8,
	         "road: truncated after the number (status %d offset %zu)",
	         (int)r.status, r.offset);
	KT_STR(t, out, strlen(out), "Jong-ro 1", "road: output before the cut");
	const char *road_bad = "세종대로 23\xFF길";
	r = run(road_bad, strlen(road_bad), PLACE, out, sizeof(out));
	KT_CHECK(t, r.status == KONORM_EINVAL_UTF8 && r.offset == 15,
	         "road: invalid byte after the number (status %d offset %zu)",
	         (int)r.status, r.offset);
	KT_STR(t, out, strlen(out), "Sejong-daero 23",
	       "road: output before the bad byte");
	r = run("ab\xC0\xAF", 4,
	        KONORM_ROMAN_RR_TRANSLIT | KONORM_ROMAN_REVERSE, out,
	        sizeof(out));
	KT_CHECK(t, r.status == KONORM_EINVAL_UTF8 && r.offset == 2,
	         "reverse: overlong rejected");
}

static void
check_buffers(struct kt *t)
{
	const char *in = "신라 Silla";
	size_t len = strlen(in);
	struct konorm_result r = konorm_romanize(in, len, NULL, 0, PROPER);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 11,
	         "preflight gives the length (%zu)", r.needed);
	char exact[11];
	r = konorm_romanize(in, len, exact, sizeof(exact), PROPER);
	KT_CHECK(t, r.status == KONORM_OK, "exact fit is OK");
	KT_BYTES(t, exact, sizeof(exact), "Silla Silla", 11, "exact fit");
	/* A road: exact fit and one byte short. */
	const char *road = "세종대로 209";
	char road_exact[16], road_short[15];
	r = konorm_romanize(road, strlen(road), road_exact,
	                    sizeof(road_exact), PLACE);
	KT_CHECK(t, r.status == KONORM_OK && r.needed == 16,
	         "road: exact fit (%zu)", r.needed);
	KT_BYTES(t, road_exact, sizeof(road_exact), "Sejong-daero 209", 16,
	         "road: exact fit");
	memset(road_short, '#', sizeof(road_short));
	r = konorm_romanize(road, strlen(road), road_short,
	                    sizeof(road_short), PLACE);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 16 &&
	                    memcmp(road_short, "Sejong-daero", 12) == 0,
	         "road: one byte short keeps a clean prefix");
	char shorter[10];
	memset(shorter, '#', sizeof(shorter));
	r = konorm_romanize(in, len, shorter, sizeof(shorter), PROPER);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 11,
	         "one byte short: EBUFSIZE");
	/* A short buffer holds a prefix of the output and nothing else: the
	 * bytes after it are left as they were. */
	const char *words = "수 선 대한민국 Seoul 신라";
	char full[64], part[19];
	struct konorm_result f = konorm_romanize(words, strlen(words), full,
	                                         sizeof(full), NAME);
	memset(part, '#', sizeof(part));
	r = konorm_romanize(words, strlen(words), part, sizeof(part), NAME);
	size_t kept = 0;
	while (kept < sizeof(part) && part[kept] != '#') {
		kept++;
	}
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && f.status == KONORM_OK &&
	                    kept < sizeof(part) &&
	                    memcmp(part, full, kept) == 0,
	         "short buffer: a clean prefix (%zu bytes kept)", kept);
	/* A buffer edge inside a multi-byte character that passes through:
	 * the prefix must end on a character boundary. */
	const char *cjk = "ㄱㄴ";
	char edge[4];
	memset(edge, '#', sizeof(edge));
	r = konorm_romanize(cjk, strlen(cjk), edge, sizeof(edge), RR);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 6 &&
	                    memcmp(edge, "\xE3\x84\xB1", 3) == 0 &&
	                    edge[3] == '#',
	         "prefix ends on a character boundary");
}

/* The RR 3-8 transliteration is exactly reversible: every syllable, and
 * words of random syllables (a fixed LCG, so failures repeat). */
static bool
round_trips(const char *hangul, size_t len, char *a, size_t acap, char *b,
            size_t bcap)
{
	struct konorm_result r = konorm_romanize(hangul, len, a, acap,
	                                         KONORM_ROMAN_RR_TRANSLIT);
	if (r.status != KONORM_OK) {
		return false;
	}
	struct konorm_result back = konorm_romanize(
	        a, r.needed, b, bcap,
	        KONORM_ROMAN_RR_TRANSLIT | KONORM_ROMAN_REVERSE);
	return back.status == KONORM_OK && back.needed == len &&
	       memcmp(b, hangul, len) == 0;
}

static void
check_translit_round_trip(struct kt *t)
{
	char in[64], a[256], b[64];
	unsigned long bad = 0;
	for (uint32_t s = 0; s < KN_HANGUL_SCOUNT; s++) {
		int n = kn_utf8_encode(KN_HANGUL_SBASE + s, (uint8_t *)in);
		if (!round_trips(in, (size_t)n, a, sizeof(a), b, sizeof(b))) {
			bad++;
		}
	}
	KT_CHECK(t, bad == 0, "%lu of 11172 syllables do not round-trip",
	         bad);
	uint32_t x = 12345;
	bad = 0;
	for (int i = 0; i < 300000; i++) {
		size_t n = 0;
		int syllables = 2 + i % 3;
		for (int k = 0; k < syllables; k++) {
			x = x * 1103515245u + 12345u;
			uint32_t s = (x >> 8) % KN_HANGUL_SCOUNT;
			n += (size_t)kn_utf8_encode(KN_HANGUL_SBASE + s,
			                            (uint8_t *)in + n);
		}
		if (!round_trips(in, n, a, sizeof(a), b, sizeof(b)) &&
		    bad++ < 3) {
			KT_CHECK(t, false, "round trip fails: %.*s -> %s",
			         (int)n, in, a);
		}
	}
	KT_CHECK(t, bad == 0, "%lu random words do not round-trip", bad);
	/* Words longer than the 64 syllables handled at once: the cut must
	 * not lose the hyphen of a silent ㅇ (아 at 64) or of a cluster. */
	char longword[3 * 200], la[8 * sizeof(longword)], lb[sizeof(longword)];
	size_t n = 0;
	for (int i = 0; i < 200; i++) {
		uint32_t cp = i % 64 == 0 ? 0xC544 /* 아 */
		              : i % 2 ? 0xAF6D /* 꽭 */ : 0xC787 /* 잇 */;
		n += (size_t)kn_utf8_encode(cp, (uint8_t *)longword + n);
	}
	KT_CHECK(t, round_trips(longword, n, la, sizeof(la), lb, sizeof(lb)),
	         "a 200-syllable word round-trips");
	const char *text = "대한민국 헌법 제1조 ① 대한민국은 민주공화국이다. "
	                   "값없이 앉았던 햇살, 없었습니다!";
	char out[512], back[512];
	KT_CHECK(t,
	         round_trips(text, strlen(text), out, sizeof(out), back,
	                     sizeof(back)),
	         "real text round-trips: %s", out);
}

/* Appends s to the text at *at, count times. */
static void
append(char *buf, size_t *at, const char *s, int count)
{
	size_t n = strlen(s);
	for (int i = 0; i < count; i++) {
		memcpy(buf + *at, s, n);
		*at += n;
	}
	buf[*at] = '\0';
}

/* Words longer than the 64 syllables the romanizer holds at once are
 * written as if whole: sound changes, exceptions, units and name rules
 * hold across its internal cuts (the first near syllable 40-47, the old
 * one at 64). */
static void
check_long_words(struct kt *t)
{
	static char in[4096], want[4096], out[8192];
	size_t i = 0, w = 0;
	/* 신라 at syllables 63-64, 학여울 (an exception) at 45-47. */
	append(in, &i, "가", 45);
	append(in, &i, "학여울", 1);
	append(in, &i, "가", 15);
	append(in, &i, "신라", 1);
	append(in, &i, "가", 150);
	append(want, &w, "ga", 45);
	append(want, &w, "hangnyeoul", 1);
	append(want, &w, "ga", 15);
	append(want, &w, "silla", 1);
	append(want, &w, "ga", 150);
	struct konorm_result r = run(in, i, RR, out, sizeof(out));
	KT_STR(t, out, r.needed, want, "a 215-syllable word, RR");
	/* A sound change at every other boundary (국난 ㄱ+ㄴ, 신라 ㄴ+ㄹ),
	 * so one falls at each cut. */
	i = w = 0;
	append(in, &i, "국난", 60);
	append(in, &i, "신라", 50);
	append(want, &w, "gungnan", 60);
	append(want, &w, "silla", 50);
	r = run(in, i, RR, out, sizeof(out));
	KT_STR(t, out, r.needed, want,
	       "a 220-syllable word, a change at each cut");
	i = w = 0;
	append(in, &i, "가", 100);
	append(in, &i, "시", 1);
	append(want, &w, "Ga", 1);
	append(want, &w, "ga", 99);
	append(want, &w, "-si", 1);
	r = run(in, i, PLACE, out, sizeof(out));
	KT_STR(t, out, r.needed, want, "a 101-syllable place and its unit");
	/* A road name of 100 syllables: its unit is decided on the last
	 * piece, with the building number after it. */
	i = w = 0;
	append(in, &i, "가", 100);
	append(in, &i, "로 1", 1);
	append(want, &w, "Ga", 1);
	append(want, &w, "ga", 99);
	append(want, &w, "-ro 1", 1);
	r = run(in, i, PLACE, out, sizeof(out));
	KT_STR(t, out, r.needed, want, "a 101-syllable road and its number");
	i = w = 0;
	append(in, &i, "김", 1);
	append(in, &i, "빛", 100);
	append(want, &w, "Gim Bit", 1);
	append(want, &w, "-bit", 99);
	r = run(in, i, NAME | KONORM_ROMAN_NAME_HYPHEN, out, sizeof(out));
	KT_STR(t, out, r.needed, want, "a 100-syllable given name");
	i = w = 0;
	append(in, &i, "아", 100);
	append(want, &w, "a", 1);
	append(want, &w, ".a", 99);
	r = run(in, i, KONORM_ROMAN_YALE, out, sizeof(out));
	KT_STR(t, out, r.needed, want, "Yale: a 100-syllable word");
	i = w = 0;
	append(in, &i, "가", 70);
	append(in, &i, "국", 1);
	append(want, &w, "ka", 1);
	append(want, &w, "ga", 69);
	append(want, &w, "guk", 1);
	r = run(in, i, KONORM_ROMAN_MR, out, sizeof(out));
	KT_STR(t, out, r.needed, want, "MR: voicing across the cuts");
}

/* Output stays within a constant times the input (fuzz property). */
static void
check_output_bound(struct kt *t)
{
	char in[3 * 64], out[8 * sizeof(in)];
	size_t n = 0;
	for (int i = 0; i < 64; i++) {
		n += (size_t)kn_utf8_encode(0xAF6D, (uint8_t *)in + n); /* 꽭 */
	}
	for (uint32_t sys = 0; sys <= KONORM_ROMAN_YALE; sys++) {
		struct konorm_result r = konorm_romanize(
		        in, n, out, sizeof(out),
		        sys | KONORM_ROMAN_NAME | KONORM_ROMAN_NAME_HYPHEN);
		KT_CHECK(t, r.status == KONORM_OK && r.needed <= 6 * n + 64,
		         "system %u: %zu bytes for %zu", (unsigned)sys,
		         r.needed, n);
	}
	/* The longest reading of a number before a unit, many times. */
	static char numbers[8 * 100 + 1], many[8 * sizeof(numbers)];
	size_t len = 0;
	for (int i = 0; i < 100; i++) {
		memcpy(numbers + len, " 7777\xEB\x8F\x99", 8); /* " 7777동" */
		len += 8;
	}
	for (uint32_t sys = 0; sys <= KONORM_ROMAN_YALE; sys++) {
		struct konorm_result r = konorm_romanize(
		        numbers, len, many, sizeof(many),
		        sys | KONORM_ROMAN_PLACE);
		KT_CHECK(t, r.status == KONORM_OK && r.needed <= 6 * len + 64,
		         "numbers, system %u: %zu bytes for %zu",
		         (unsigned)sys, r.needed, len);
	}
}

void
suite_romanize(struct kt *t)
{
	check_list(t, "tests/romanize/rr-rules.tsv", 100);
	check_list(t, "tests/romanize/sp-examples.tsv", 230);
	check_list(t, "tests/romanize/places.tsv", 400);
	check_list(t, "tests/romanize/stations.tsv", 60);
	check_list(t, "tests/romanize/roads.tsv", 70);
	check_cases(t);
	check_errors(t);
	check_buffers(t);
	check_translit_round_trip(t);
	check_long_words(t);
	check_output_bound(t);
}
