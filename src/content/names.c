/*
 * names.c - static names of the content enumerations (tutor/content.h)
 * and the language file extensions.  Pure; the strings are never freed.
 */
#include "content_internal.h"

const char *tu_difficulty_name(enum tu_difficulty d)
{
	static const char *const n[] = { "easy", "medium", "hard" };

	return (unsigned)d <= TU_DIFF_HARD ? n[d] : "?";
}

const char *tu_action_kind_name(enum tu_action_kind k)
{
	static const char *const n[] = { "explanation", "worked_example",
					 "exercise", "quiz" };

	return (unsigned)k <= TU_ACTION_QUIZ ? n[k] : "?";
}

const char *tu_action_bloom_name(enum tu_action_bloom b)
{
	static const char *const n[] = { "remember", "understand", "apply",
					 "analyze", "evaluate", "create" };

	return (unsigned)b <= TU_ABLOOM_CREATE ? n[b] : "?";
}

const char *tu_lang_name(enum tu_lang l)
{
	static const char *const n[] = { "python", "c" };

	return (unsigned)l <= TU_LANG_C ? n[l] : "?";
}

const char *tu__lang_ext(enum tu_lang l)
{
	static const char *const n[] = { "py", "c" };

	return (unsigned)l <= TU_LANG_C ? n[l] : "?";
}
