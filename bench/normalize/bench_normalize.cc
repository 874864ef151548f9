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

// Best of `reps` runs, in MB/s of input.
static double
measure(const std::string &in, int reps, const std::function<void()> &fn)
{
	double best = 1e30;
	for (int i = 0; i < reps; i++) {
		auto t0 = std::chrono::steady_clock::now();
		fn();
		auto t1 = std::chrono::steady_clock::now();
		double s = std::chrono::duration<double>(t1 - t0).count();
		best = s < best ? s : best;
	}
	return in.size() / best / 1e6;
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
		double copy = measure(in, reps, [&] {
			std::memcpy(&out[0], in.data(), in.size());
			asm volatile("" ::: "memory");
		});
		for (const Form &f : forms) {
			size_t konorm_len = 0;
			double kn = measure(in, reps, [&] {
				konorm_result r = konorm_normalize(
				        in.data(), in.size(), &out[0], out.size(),
				        f.konorm_flags);
				konorm_len = r.needed;
				if (r.status != KONORM_OK) {
					std::fprintf(stderr, "konorm: %s\n",
					             konorm_strerror(r.status));
					std::exit(1);
				}
			});
			std::string konorm_out = out.substr(0, konorm_len);
			UErrorCode e = U_ZERO_ERROR;
			const icu::Normalizer2 *n2 = f.icu_cpp(e);
			std::string icu_out;
			double icu8 = measure(in, reps, [&] {
				icu_out.clear();
				icu::StringByteSink<std::string> sink(&icu_out,
				                                      in.size());
				UErrorCode err = U_ZERO_ERROR;
				n2->normalizeUTF8(0, icu::StringPiece(in), sink,
				                  nullptr, err);
			});
			const UNormalizer2 *c2 = f.icu_c(&e);
			std::vector<UChar> u(in.size() + 1), un(in.size() * 3 + 1);
			double icu16 = measure(in, reps, [&] {
				UErrorCode err = U_ZERO_ERROR;
				int32_t ulen = 0, wl = 0;
				u_strFromUTF8(u.data(), (int32_t)u.size(), &ulen,
				              in.data(), (int32_t)in.size(), &err);
				int32_t unl = unorm2_normalize(
				        c2, u.data(), ulen, un.data(),
				        (int32_t)un.size(), &err);
				u_strToUTF8(&out[0], (int32_t)out.size(), &wl,
				            un.data(), unl, &err);
			});
			double u8p = measure(in, reps > 1 ? 1 : reps, [&] {
				utf8proc_uint8_t *dst = nullptr;
				utf8proc_map((const utf8proc_uint8_t *)in.data(),
				             (utf8proc_ssize_t)in.size(), &dst,
				             f.utf8proc_opts);
				std::free(dst);
			});
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
