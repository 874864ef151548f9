# SPDX-License-Identifier: MIT
"""Text written for konorm's detection tests and benchmark (our own,
no outside source): Korean prose, Korean mixed with English terms, Korean
file names, and words that only the UHC extension of CP949 can encode."""
import random

PROSE = [
    "오늘 아침에는 비가 내려서 우산을 챙겨 나갔습니다.",
    "도서관에서 빌린 책을 반납하는 날이 내일까지입니다.",
    "우리 동네 시장에는 신선한 채소와 과일이 많습니다.",
    "할머니께서 끓여 주신 된장찌개가 정말 맛있었어요.",
    "주말에 친구들과 함께 한강 공원에서 자전거를 탔다.",
    "새로 이사한 집은 햇빛이 잘 들어서 겨울에도 따뜻하다.",
    "회의 시간이 오후 세 시로 변경되었으니 참고해 주세요.",
    "그는 어릴 때부터 바다를 좋아해서 결국 선장이 되었다.",
    "가을이 되면 산마다 단풍이 물들어 아름다운 풍경을 이룬다.",
    "지하철 이호선은 출근 시간에 사람이 가장 많이 붐빈다.",
    "이 문서는 한국어와 영어가 섞인 텍스트를 처리하는 방법을 설명한다.",
    "배송이 늦어져서 죄송합니다. 내일 오전 중으로 도착할 예정입니다.",
    "선생님은 학생들에게 매일 일기를 쓰라고 말씀하셨다.",
    "작은 가게였지만 손님들은 늘 친절한 주인을 찾아왔다.",
    "겨울 방학 동안 제주도에 가서 한라산을 올랐습니다.",
    "봄이 오면 마당에 꽃씨를 뿌리고 물을 줄 생각이다.",
]

MIXED = [
    "이번 release에서는 API 응답 속도가 크게 개선되었습니다.",
    "Python 스크립트로 CSV 파일을 읽어서 UTF-8로 저장했다.",
    "서버 log를 확인해 보니 timeout 오류가 반복되고 있었다.",
    "회의 자료는 Google Drive 공유 폴더에 올려 두었습니다.",
    "새 MacBook에서 Homebrew로 git을 설치하는 방법을 정리했다.",
    "Chrome 브라우저의 캐시를 지우면 로그인 문제가 해결됩니다.",
    "내일 오전 10시에 Zoom으로 project kickoff 미팅이 있습니다.",
    "ERROR 코드 404는 요청한 page를 찾을 수 없다는 뜻입니다.",
    "데이터베이스 backup은 매일 새벽 3시에 자동으로 실행된다.",
    "이 함수는 NULL 포인터를 받으면 EINVAL을 돌려준다.",
    "Excel에서 VLOOKUP 함수를 쓰면 다른 시트의 값을 찾을 수 있어요.",
    "Wi-Fi 비밀번호는 공유기 뒷면의 sticker에 적혀 있습니다.",
    "GitHub issue에 재현 방법과 screenshot을 첨부해 주세요.",
    "YouTube 영상의 자막 파일은 SRT 형식으로 내려받을 수 있다.",
]

# Syllables outside KS X 1001 that CP949 (UHC) encodes; they occur in
# names, slang and common misspellings (됬 for 됐).
UHC_WORDS = ["똠방각하", "펲시", "햏햏", "뷁", "됬다", "믜리", "쌰갈",
             "앖다", "꿻", "얬", "쀍", "뭥미", "욬", "쎼", "뙇", "앸"]

FILE_WORDS = ["회계", "보고서", "최종", "수정본", "사진", "여행", "제주도",
              "회의록", "계약서", "견적서", "발표자료", "이력서", "자기소개서",
              "가족", "졸업식", "영수증", "세금계산서", "주간업무", "기획안",
              "설문조사", "결과", "강의", "녹음", "노래", "음악", "영상",
              "백업", "프로젝트", "디자인", "시안", "초안", "검토", "완료"]
FILE_EXTS = ["txt", "hwp", "docx", "xlsx", "pdf", "jpg", "png", "mp3",
             "mp4", "zip", "pptx", "csv", "smi", "srt"]


def file_name(rng):
    parts = rng.sample(FILE_WORDS, rng.randint(1, 3))
    if rng.random() < 0.5:
        parts.insert(0, "%d%02d%02d" % (rng.randint(2005, 2024),
                                        rng.randint(1, 12),
                                        rng.randint(1, 28)))
    if rng.random() < 0.3:
        parts.append("(%d)" % rng.randint(1, 9))
    sep = rng.choice(["_", " ", "-", "_"])
    return sep.join(parts) + "." + rng.choice(FILE_EXTS)


def with_uhc(rng, text):
    """Inserts a UHC-only word at a word boundary near the start."""
    words = text.split(" ")
    pos = rng.randint(0, min(2, len(words)))
    words.insert(pos, rng.choice(UHC_WORDS))
    return " ".join(words)
