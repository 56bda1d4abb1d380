"""验证码 of the 政民互动 forms: the platform's one anti-spam question (core.challenge)."""

from __future__ import annotations

from gongkai.core.challenge import MAX_AGE_S, Question, check, new_question, question_text

__all__ = ["MAX_AGE_S", "Question", "check", "new_question", "question_text"]
