// SPDX-License-Identifier: MIT
// bench-normalize FILE...: times NFC and NFKC of each file, in memory, with
// konorm, ICU (the C UTF-16 API with both conversions counted, and the C++
// Normalizer2::normalizeUTF8, ICU's fastest path) and utf8proc, plus a
// plain copy of the same bytes as the limit.  Prints MB/s (1 MB = 10^6
// bytes of input) and konorm's ratio to each peer; checks that konorm's
// output equals ICU's.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <utf8proc.h>

extern "C" {
#include "konorm.h"
}

static std::string
read_file(const char *path)
{
	FILE *f = std::fopen(path, "rb");
	if (!f) {
		std::perror(path);
		std::exit(2);
	}
	std::string s;
	char buf[1 << 16];
	size_t n;
	while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) {
		s.append(buf, n);
	}
	std::fclose(f);
	return s;
}

// Times each contender once per round, round-robin, and keeps the best
// time of each: on a shared, noisy machine every contender then sees the
// same conditions.  Returns MB/s of input per contender.
static std::vector<double>
measure_round_robin(size_t bytes, int reps,
                    const std::vector<std::function<void()>> &fns)
{
	std::vector<double> best(fns.size(), 1e30);
	for (int r = 0; r < reps; r++) {
		for (size_t k = 0; k < fns.size(); k++) {
			auto t0 = std::chrono::steady_clock::now();
			fns[k]();
			auto t1 = std::chrono::steady_clock::now();
			double s = std::chrono::duration<double>(t1 - t0).count();
			best[k] = s < best[k] ? s : best[k];
		}
	}
	std::vector<double> mbs;
	for (double b : best) {
		mbs.push_back(bytes / b / 1e6);
	}
	return mbs;
}

struct Form {
	const char *name;
	uint32_t konorm_flags;
	const icu::Normalizer2 *(*icu_cpp)(UErrorCode &);
	const UNormalizer2 *(*icu_c)(UErrorCode *);
	utf8proc_option_t utf8proc_opts;
};

int
main(int argc, char **argv)
{
	if (argc < 2) {
		std::fprintf(stderr, "usage: bench-normalize FILE...\n");
		return 2;
	}
	const Form forms[] = {
		{"NFC", KONORM_NFC, icu::Normalizer2::getNFCInstance,
		 unorm2_getNFCInstance,
		 (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE)},
		{"NFKC", KONORM_NFKC, icu::Normalizer2::getNFKCInstance,
		 unorm2_getNFKCInstance,
		 (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
		                     UTF8PROC_COMPAT)},
	};
	int reps = getenv("BENCH_REPS") ? atoi(getenv("BENCH_REPS")) : 3;
	std::printf("%-16s %-5s %9s %9s %9s %9s %9s  %7s %7s %7s %7s\n",
	            "input", "form", "copy", "konorm", "ICU-utf8",
	            "ICU-utf16", "utf8proc", "vsICU8", "vsICU16", "vsU8P",
	            "vsCopy");
	for (int a = 1; a < argc; a++) {
		std::string in = read_file(argv[a]);
		std::string out(in.size() * 3 + 16, '\0');
		const char *base = std::strrchr(argv[a], '/');
		base = base ? base + 1 : argv[a];
		auto copy_fn = [&] {
			std::memcpy(&out[0], in.data(), in.size());
			asm volatile("" ::: "memory");
		};
		for (const Form &f : forms) {
			size_t konorm_len = 0;
			bool konorm_ok = true;
			auto konorm_fn = [&] {
				konorm_result r = konorm_normalize(
				        in.data(), in.size(), &out[0], out.size(),
				        f.konorm_flags);
				konorm_len = r.needed;
				konorm_ok = r.status == KONORM_OK;
			};
			UErrorCode e = U_ZERO_ERROR;
			const icu::Normalizer2 *n2 = f.icu_cpp(e);
			std::string icu_out;
			auto icu8_fn = [&] {
				icu_out.clear();
				icu::StringByteSink<std::string> sink(&icu_out,
				                                      in.size());
				UErrorCode err = U_ZERO_ERROR;
				n2->normalizeUTF8(0, icu::StringPiece(in), sink,
				                  nullptr, err);
			};
			const UNormalizer2 *c2 = f.icu_c(&e);
			std::vector<UChar> u(in.size() + 1), un(in.size() * 3 + 1);
			std::string out16(in.size() * 3 + 16, '\0');
			auto icu16_fn = [&] {
				UErrorCode err = U_ZERO_ERROR;
				int32_t ulen = 0, wl = 0;
				u_strFromUTF8(u.data(), (int32_t)u.size(), &ulen,
				              in.data(), (int32_t)in.size(), &err);
				int32_t unl = unorm2_normalize(
				        c2, u.data(), ulen, un.data(),
				        (int32_t)un.size(), &err);
				u_strToUTF8(&out16[0], (int32_t)out16.size(), &wl,
				            un.data(), unl, &err);
			};
			auto utf8proc_fn = [&] {
				utf8proc_uint8_t *dst = nullptr;
				utf8proc_map((const utf8proc_uint8_t *)in.data(),
				             (utf8proc_ssize_t)in.size(), &dst,
				             f.utf8proc_opts);
				std::free(dst);
			};
			// utf8proc is 10-50x slower: fewer rounds keep the run short.
			std::vector<double> r = measure_round_robin(
			        in.size(), reps,
			        {copy_fn, konorm_fn, icu8_fn, icu16_fn});
			double u8p = measure_round_robin(in.size(), 1,
			                                 {utf8proc_fn})[0];
			if (!konorm_ok) {
				std::fprintf(stderr, "konorm failed on %s\n", base);
				return 1;
			}
			double copy = r[0], kn = r[1], icu8 = r[2], icu16 = r[3];
			std::string konorm_out = out.substr(0, konorm_len);
			bool same = icu_out == konorm_out;
			std::printf("%-16s %-5s %9.0f %9.0f %9.0f %9.0f %9.1f  "
			            "%6.2fx %6.2fx %6.1fx %6.0f%%%s\n",
			            base, f.name, copy, kn, icu8, icu16, u8p,
			            kn / icu8, kn / icu16, kn / u8p,
			            100.0 * kn / copy,
			            same ? "" : "  OUTPUT DIFFERS FROM ICU");
			std::fflush(stdout);
		}
	}
	return 0;
}
