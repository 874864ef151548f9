/* SPDX-License-Identifier: MIT */
/*
 * The sound changes of the standard pronunciation (표준 발음법) that
 * depend only on a final and the next initial: shared by src/romanize.c
 * and tables/gen/gen_romanize.c, which tabulates them for every pair so
 * that the romanizer's common case is one table look-up (see
 * kn_roman_boundary in romanize.h).  Only static definitions; include
 * it once per program.
 */
#ifndef KN_ROMANIZE_SOUND_H
#define KN_ROMANIZE_SOUND_H

#include <stdbool.h>
#include <stdint.h>

/* Choseong, jungseong and jongseong indices (Unicode 15.0 §3.12). */
enum {
	L_G, L_KK, L_N, L_D, L_TT, L_R, L_M, L_B, L_PP, L_S,
	L_SS, L_NG, L_J, L_JJ, L_CH, L_K, L_T, L_P, L_H,
};
enum {
	V_A, V_AE, V_YA, V_YAE, V_EO, V_E, V_YEO, V_YE, V_O, V_WA, V_WAE,
	V_OE, V_YO, V_U, V_WO, V_WE, V_WI, V_YU, V_EU, V_UI, V_I,
};
enum {
	T_NONE, T_G, T_GG, T_GS, T_N, T_NJ, T_NH, T_D, T_L, T_LG,
	T_LM, T_LB, T_LS, T_LT, T_LP, T_LH, T_M, T_B, T_BS, T_S,
	T_SS, T_NG, T_J, T_CH, T_K, T_T, T_P, T_H,
};

#define NONE 0xFF

/* RR 2-2: consonants before a vowel. */
static const char *const rr_initial_letters[19] = {
	"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
	"ss", "", "j", "jj", "ch", "k", "t", "p", "h",
};
/* RR 2-1 (ㅢ is ui even where it sounds ㅣ: RR 2-1 [붙임 1]). */
static const char *const rr_vowel_letters[21] = {
	"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
	"oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
};
/* RR 2-2 [붙임 1, 2]: the seven final sounds, k t p before a consonant or
 * at the end; indexed by jongseong after neutralization. */
static const char *const rr_final_letters[28] = {
	"", "k", "", "", "n", "", "", "t", "l", "",
	"", "", "", "", "", "", "m", "p", "", "",
	"", "ng", "", "", "", "", "", "",
};

/* An entry of kn_roman_boundary: the new final (bits 0-4), the new
 * initial (bits 5-9), or SLOW when the change also depends on the vowel
 * or the syllables themselves (palatalization, the verb/noun ㅎ, ㄺ ㄼ). */
#define KN_ROMAN_BOUNDARY_SLOW 0x400u
/* The length of an entry of kn_roman_junction whose letters depend on the
 * syllables themselves (romanize.h). */
#define KN_ROMAN_LIT_SLOW 0x80u

struct syl {
	uint8_t l, v, t;
};

/* SP 9-11: the representative sound of each final before a consonant or
 * at the end of a word. */
static const uint8_t neutral[28] = {
	T_NONE, T_G, T_G, T_G, T_N, T_N, T_N, T_D, T_L, T_G,
	T_M, T_L, T_L, T_L, T_B, T_L, T_M, T_B, T_B, T_D,
	T_D, T_NG, T_D, T_D, T_G, T_D, T_B, T_D,
};

/* SP 13, 14, 12-4: before a vowel a final moves to the next syllable
 * (of a cluster only the second consonant moves; ㅎ is silent).  What
 * stays, and the initial that moves (NONE: ㅇ keeps its place). */
static const uint8_t link_stay[28] = {
	[T_GS] = T_G, [T_NJ] = T_N, [T_LG] = T_L, [T_LM] = T_L,
	[T_LB] = T_L, [T_LS] = T_L, [T_LT] = T_L, [T_LP] = T_L,
	[T_BS] = T_B, [T_NG] = T_NG,
};
static const uint8_t link_move[28] = {
	NONE, L_G, L_KK, L_S, L_N, L_J, L_N, L_D, L_R, L_G,
	L_M, L_B, L_S, L_T, L_P, L_R, L_M, L_B, L_S, L_S,
	L_SS, NONE, L_J, L_CH, L_K, L_T, L_P, L_NG,
};

/* SP 12-1 [붙임 1]: ㄱ ㄷ ㅂ ㅈ (alone or in ㄺ ㄼ ㄵ) before ㅎ become
 * ㅋ ㅌ ㅍ ㅊ; ㅅ ㅈ ㅊ ㅌ sound ㄷ first ([붙임 2]).  What stays and the
 * aspirate that results (NONE: no aspiration). */
static const uint8_t aspirate_stay[28] = {
	[T_NJ] = T_N, [T_LG] = T_L, [T_LB] = T_L, [T_LP] = T_L,
};
static const uint8_t aspirate_initial[28] = {
	NONE, L_K, L_K, L_K, NONE, L_CH, NONE, L_T, NONE, L_K,
	NONE, L_P, NONE, NONE, L_P, NONE, NONE, L_P, L_P, L_T,
	L_T, NONE, L_CH, L_CH, L_K, L_T, L_P, NONE,
};

static uint8_t
nasal_of(uint8_t t)
{
	/* SP 18: ㄱ ㄷ ㅂ before ㄴ ㅁ become ㅇ ㄴ ㅁ. */
	return t == T_G ? T_NG : t == T_D ? T_N : t == T_B ? T_M : t;
}

/* SP 18-20 on a neutralized final and the next initial. */
static void
assimilate(struct syl *a, struct syl *b)
{
	uint8_t f = a->t;
	if (b->l == L_N || b->l == L_M) {
		a->t = nasal_of(f); /* SP 18: 백마 [뱅마] */
		if (f == T_L && b->l == L_N) {
			b->l = L_R; /* SP 20: 별내 [별래] */
		}
	} else if (b->l == L_R) {
		if (f == T_N) {
			a->t = T_L; /* SP 20: 신라 [실라] */
		} else if (f != T_L && f != T_NONE) {
			/* SP 19: 종로 [종노]; with its [붙임], 백리 [뱅니] */
			a->t = nasal_of(f);
			b->l = L_N;
		}
	}
}

/* SP 13-15, 12-4, 17: a final before a vowel. */
static void
link_to_vowel(struct syl *a, struct syl *b)
{
	uint8_t t = a->t;
	if (t == T_NONE || link_move[t] == NONE) {
		return;
	}
	a->t = link_stay[t];
	b->l = link_move[t];
	if (b->v == V_I && b->l == L_D) {
		b->l = L_J; /* SP 17: 해돋이 [해도지] */
	} else if (b->v == V_I && b->l == L_T) {
		b->l = L_CH; /* SP 17: 같이 [가치] */
	}
}

/* SP 12-1: ㅎ (ㄶ ㅀ) before ㄱ ㄷ ㅈ aspirates them (좋고 [조코]); before
 * ㅅ it is not written (RR does not write ㅆ); before ㄴ it sounds ㄴ
 * (놓는 [논는]); elsewhere it sounds ㄷ. */
static void
final_h_before_consonant(struct syl *a, struct syl *b)
{
	uint8_t rest = a->t == T_NH ? T_N : a->t == T_LH ? T_L : T_NONE;
	switch (b->l) {
	case L_G:
		b->l = L_K;
		a->t = rest;
		return;
	case L_D:
		b->l = L_T;
		a->t = rest;
		return;
	case L_J:
		b->l = L_CH;
		a->t = rest;
		return;
	case L_S:
		a->t = rest;
		return;
	case L_N:
		a->t = a->t == T_H ? T_N : rest;
		break;
	default:
		a->t = a->t == T_H ? T_D : rest;
		break;
	}
	assimilate(a, b);
}

static bool
is_final_h(uint8_t t)
{
	return t == T_H || t == T_NH || t == T_LH;
}

#endif
