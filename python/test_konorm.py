# SPDX-License-Identifier: MIT
"""Tests of the konorm Python module (standard library only).

Run by meson with PYTHONPATH at the built module:
    meson test -C BUILD python
"""
import pickle
import threading
import unicodedata
import unittest

import konorm

# Text written for these tests: NFD Hangul as macOS writes file names.
HANGEUL_NFD = unicodedata.normalize("NFD", "한글 파일.txt")


class NormalizeTest(unittest.TestCase):
    def test_str_in_str_out(self):
        out = konorm.normalize(HANGEUL_NFD)
        self.assertIsInstance(out, str)
        self.assertEqual(out, "한글 파일.txt")

    def test_bytes_in_bytes_out(self):
        out = konorm.normalize(HANGEUL_NFD.encode())
        self.assertIsInstance(out, bytes)
        self.assertEqual(out, "한글 파일.txt".encode())

    def test_bytearray_and_memoryview(self):
        src = bytearray("e\u0301".encode())
        self.assertEqual(konorm.normalize(src), "é".encode())
        self.assertEqual(konorm.normalize(memoryview(bytes(src))),
                         "é".encode())

    def test_forms_agree_with_unicodedata(self):
        # Text with compatibility characters, Hangul and accents.
        text = "ﬁ ① Å ｶﾞ 한글 ㈜ e\u0301 \uFFA0"
        for form in ("NFC", "NFD", "NFKC", "NFKD"):
            with self.subTest(form=form):
                self.assertEqual(konorm.normalize(text, form),
                                 unicodedata.normalize(form, text))
        self.assertEqual(konorm.normalize(text, "nfkc"),
                         unicodedata.normalize("NFKC", text))

    def test_bad_form(self):
        with self.assertRaises(ValueError):
            konorm.normalize("a", "NFX")

    def test_empty(self):
        self.assertEqual(konorm.normalize(""), "")
        self.assertEqual(konorm.normalize(b""), b"")

    def test_compose_jamo(self):
        self.assertEqual(konorm.normalize("ㅎㅏㄴㄱㅡㄹ ㅋㅋㅋ",
                                          compose_jamo=True),
                         "한글 ㅋㅋㅋ")
        self.assertEqual(konorm.normalize("ㅎㅏㄴㄱㅡㄹ"), "ㅎㅏㄴㄱㅡㄹ")

    def test_invalid_utf8_raises_with_offset(self):
        with self.assertRaises(konorm.Error) as cm:
            konorm.normalize(b"abc\xffdef")
        err = cm.exception
        self.assertIsInstance(err, ValueError)
        self.assertEqual(err.offset, 3)
        self.assertEqual(err.status, konorm.EINVAL_UTF8)
        self.assertIn("at byte 3", str(err))

    def test_truncated_utf8(self):
        with self.assertRaises(konorm.Error) as cm:
            konorm.normalize("가".encode()[:2])
        self.assertEqual(cm.exception.status, konorm.ETRUNCATED)
        self.assertEqual(cm.exception.offset, 0)

    def test_replace(self):
        self.assertEqual(konorm.normalize(b"a\xffb", replace=True),
                         "a\ufffdb".encode())

    def test_long_input_grows_the_buffer(self):
        # NFD roughly doubles Hangul: the first guess of the output size
        # is too small and the call must retry.
        text = "한" * 100000
        out = konorm.normalize(text, "NFD")
        self.assertEqual(out, unicodedata.normalize("NFD", text))

    def test_is_normalized(self):
        self.assertTrue(konorm.is_normalized("한글"))
        self.assertFalse(konorm.is_normalized(HANGEUL_NFD))
        self.assertTrue(konorm.is_normalized(HANGEUL_NFD, "NFD"))
        with self.assertRaises(konorm.Error):
            konorm.is_normalized(b"\xc3")

    def test_lone_surrogate_str(self):
        with self.assertRaises(UnicodeEncodeError):
            konorm.normalize("a\ud800")

    def test_wrong_type(self):
        with self.assertRaises(TypeError):
            konorm.normalize(42)


class NormalizerTest(unittest.TestCase):
    TEXT = unicodedata.normalize("NFD", "한글 파일 café ｶﾞ ㅎㅏㄴ e\u0301") * 50

    def run_chunks(self, n, data, size):
        parts = [n.feed(data[i:i + size]) for i in range(0, len(data), size)]
        return b"".join(parts) + n.finish()

    def test_every_chunk_size_gives_the_one_shot_output(self):
        data = self.TEXT.encode()
        for form in ("NFC", "NFKC"):
            want = konorm.normalize(data, form, compose_jamo=True)
            for size in (1, 2, 3, 5, 64, len(data)):
                with self.subTest(form=form, size=size):
                    n = konorm.Normalizer(form, compose_jamo=True)
                    self.assertEqual(self.run_chunks(n, data, size), want)
                    self.assertEqual(n.offset, len(data))

    def test_error_offset_is_absolute(self):
        n = konorm.Normalizer()
        # The last character waits: a combining mark may follow.
        self.assertEqual(n.feed(b"abc"), b"ab")
        with self.assertRaises(konorm.Error) as cm:
            n.feed(b"de\xff")
            n.finish()
        self.assertEqual(cm.exception.offset, 5)
        self.assertEqual(cm.exception.status, konorm.EINVAL_UTF8)

    def test_truncated_at_finish(self):
        n = konorm.Normalizer()
        n.feed("가".encode()[:2])
        with self.assertRaises(konorm.Error) as cm:
            n.finish()
        self.assertEqual(cm.exception.status, konorm.ETRUNCATED)

    def test_replace_counts(self):
        n = konorm.Normalizer(replace=True)
        out = n.feed(b"a\xffb\xc3") + n.finish()
        self.assertEqual(out, "a\ufffdb\ufffd".encode())
        self.assertEqual(n.replaced, 2)

    def test_reset_and_misuse(self):
        n = konorm.Normalizer()
        n.feed(b"x")
        self.assertEqual(n.finish(), b"x")
        with self.assertRaises(ValueError):
            n.feed(b"y")
        n.reset()
        with self.assertRaises(TypeError):
            n.feed("str")
        self.assertEqual(n.feed(b"y") + n.finish(), b"y")
        self.assertEqual(n.offset, 1)
        with self.assertRaises(ValueError):
            konorm.Normalizer("NFX")


class JamoKeyboardTest(unittest.TestCase):
    def test_jamo_compose(self):
        self.assertEqual(konorm.jamo_compose("ㄷㅏㄹㄱ"), "닭")
        with self.assertRaises(konorm.Error):
            konorm.jamo_compose(b"\xe3\x84")

    def test_keyboard_both_ways(self):
        self.assertEqual(konorm.keyboard("gksrmf"), "한글")
        self.assertEqual(konorm.keyboard("한글", to="qwerty"), "gksrmf")
        self.assertEqual(konorm.keyboard(b"dkssud"), "안녕".encode())
        with self.assertRaises(ValueError):
            konorm.keyboard("x", to="dvorak")


class RomanizeTest(unittest.TestCase):
    # Examples of the Revised Romanization notice (2000-8, 2014-2).
    def test_rr(self):
        self.assertEqual(konorm.romanize("신라"), "silla")
        self.assertEqual(konorm.romanize("종로", proper=True), "Jongno")

    def test_name(self):
        self.assertEqual(konorm.romanize("홍빛나", name=True), "Hong Bitna")

    def test_place(self):
        self.assertEqual(konorm.romanize("경기도", place=True),
                         "Gyeonggi-do")
        # RR 3-5: a number before a unit is written with its reading.
        self.assertEqual(konorm.romanize("종로 2가", place=True),
                         "Jongno 2(i)-ga")
        self.assertEqual(konorm.romanize("종로 2가", place=True,
                                         number_reading=False),
                         "Jongno 2-ga")

    def test_nfd(self):
        self.assertEqual(konorm.romanize("\u1112\u1161\u11ab"), "han")

    def test_translit_round_trip(self):
        text = "한국어 문장, 닭 값"
        latin = konorm.romanize(text, "rr-translit")
        self.assertEqual(konorm.romanize(latin, "rr-translit",
                                         reverse=True), text)

    def test_bad_system(self):
        with self.assertRaises(ValueError):
            konorm.romanize("가", "wade")


class FixTest(unittest.TestCase):
    def test_utf8_read_as_cp1252(self):
        garbled = "don’t".encode("utf-8").decode("cp1252")
        self.assertEqual(konorm.fix(garbled), "don’t")

    def test_report(self):
        garbled = "ì•ˆë…•í•˜ì„¸ìš” world"
        text, repairs = konorm.fix(garbled, report=True)
        self.assertEqual(text, "안녕하세요 world")
        self.assertEqual(len(repairs), 1)
        r = repairs[0]
        self.assertEqual(r["start"], 0)
        self.assertEqual(r["kind"], "utf8-as-cp1252")
        self.assertTrue(r["repaired"])
        self.assertEqual(r["after"], "안녕하세요")

    def test_clean_text_unchanged(self):
        self.assertEqual(konorm.fix("plain 한글"), "plain 한글")


class ScanTest(unittest.TestCase):
    # The example of DESIGN.md: a Korean gambling-spam phrase injected
    # into an English news sentence.
    SPAM = ("Officials said the summit was about upholding the global "
            "non-proliferation regime, 카지노사이트 and supporting the "
            "people of Ukraine in their struggle.")

    def test_finds_spam_with_byte_offsets(self):
        findings = konorm.scan(self.SPAM)
        runs = [f for f in findings if f["kind"] == "foreign-run"]
        self.assertEqual(len(runs), 1)
        f = runs[0]
        raw = self.SPAM.encode()
        self.assertEqual(raw[f["start"]:f["end"]].decode(), "카지노사이트")
        self.assertEqual(f["text"], "카지노사이트")
        self.assertEqual(f["script"], "Hangul")
        self.assertEqual(f["line"], 1)
        self.assertTrue(f["removable"])

    def test_clean(self):
        out = konorm.scan_clean(self.SPAM)
        self.assertNotIn("카지노", out)
        self.assertIn("regime, and supporting", out)

    def test_legitimate_gloss_not_flagged(self):
        self.assertEqual(
            [f for f in konorm.scan("The script is Hangeul (한글).")
             if f["kind"] == "foreign-run"], [])

    def test_kinds(self):
        text = "pay\u200bpal"
        kinds = {f["kind"] for f in konorm.scan(text, kinds=["invisible"])}
        self.assertEqual(kinds, {"invisible"})
        with self.assertRaises(ValueError):
            konorm.scan(text, kinds=["nonsense"])

    def test_invalid(self):
        with self.assertRaises(konorm.Error) as cm:
            konorm.scan(b"ok \xc0\x80")
        self.assertEqual(cm.exception.offset, 3)


class DetectConvertTest(unittest.TestCase):
    TEXT = ("대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, "
            "모든 권력은 국민으로부터 나온다.")

    def test_detect_euc_kr(self):
        best = konorm.detect(self.TEXT.encode("euc-kr"))
        self.assertIn(best["encoding"], ("EUC-KR", "CP949"))
        self.assertEqual(best["language"], "ko")
        allc = konorm.detect(self.TEXT.encode("euc-kr"), all=True)
        self.assertEqual(allc[0], best)
        self.assertAlmostEqual(sum(c["confidence"] for c in allc), 1.0,
                               places=6)

    def test_detect_utf8(self):
        self.assertEqual(konorm.detect(self.TEXT.encode())["encoding"],
                         "UTF-8")

    def test_detect_rejects_str(self):
        with self.assertRaises(TypeError):
            konorm.detect("text")

    def test_convert(self):
        raw = self.TEXT.encode("cp949")
        self.assertEqual(konorm.convert(raw, "CP949"), self.TEXT.encode())
        self.assertEqual(konorm.convert(raw, None), self.TEXT.encode())
        self.assertEqual(konorm.convert(self.TEXT.encode(), "UTF-8",
                                        "CP949"), raw)

    def test_convert_invalid_offset(self):
        raw = "가나".encode("cp949") + b"\xff\xff"
        with self.assertRaises(konorm.Error) as cm:
            konorm.convert(raw, "CP949")
        self.assertEqual(cm.exception.offset, 4)
        self.assertEqual(cm.exception.status, konorm.EILSEQ)
        self.assertEqual(konorm.convert(raw, "CP949", errors="skip"),
                         "가나".encode())

    def test_convert_rejects_str(self):
        with self.assertRaises(TypeError):
            konorm.convert("text", "CP949")

    def test_unknown_encoding(self):
        with self.assertRaises(LookupError):
            konorm.convert(b"x", "KLINGON")


class ThreadsTest(unittest.TestCase):
    def test_threads_give_the_same_answers(self):
        text = HANGEUL_NFD * 2000
        want = unicodedata.normalize("NFC", text)
        results = [None] * 4

        def work(i):
            results[i] = konorm.normalize(text)

        threads = [threading.Thread(target=work, args=(i,))
                   for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [want] * 4)


class ModuleTest(unittest.TestCase):
    def test_versions(self):
        self.assertEqual(konorm.unicode_version, "15.0.0")
        self.assertRegex(konorm.__version__, r"^\d+\.\d+\.\d+$")

    def test_error_pickles_its_fields(self):
        try:
            konorm.normalize(b"1234567\xff")
        except konorm.Error as e:
            err = pickle.loads(pickle.dumps(e))
        self.assertIsInstance(err, konorm.Error)
        self.assertEqual((err.status, err.offset), (konorm.EINVAL_UTF8, 7))
        self.assertEqual(str(err), "invalid UTF-8 at byte 7")


if __name__ == "__main__":
    unittest.main(verbosity=1)
