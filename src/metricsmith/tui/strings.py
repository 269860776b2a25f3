"""Every user-facing text of the terminal UI, in English and Russian.

One table instead of strings scattered through the screens, so that switching
the language re-labels everything and a missing translation is easy to spot.
"""

from __future__ import annotations

import locale
import os

STRINGS: dict[str, tuple[str, str]] = {
    # app / welcome
    "app_title": ("metricsmith — honest value metrics", "metricsmith — честные метрики ценности"),
    "welcome_intro": (
        "Design a short, honest set of value metrics and two KPI tables.",
        "Соберите короткий честный набор метрик ценности и две таблицы KPI.",
    ),
    "new_project": ("New project", "Новый проект"),
    "open_project": ("Open project", "Открыть проект"),
    "settings": ("Settings", "Настройки"),
    "quit": ("Quit", "Выход"),
    "recent": ("Recent projects", "Недавние проекты"),
    "no_recent": ("No recent projects yet.", "Недавних проектов пока нет."),
    "missing_file": ("(file missing)", "(файла нет)"),
    "new_project_path": ("Where to keep the new project file", "Где хранить файл нового проекта"),
    "open_project_path": ("Project file to open", "Какой файл проекта открыть"),
    "ok": ("OK", "ОК"),
    "cancel": ("Cancel", "Отмена"),
    "yes": ("Yes", "Да"),
    "no": ("No", "Нет"),
    "opened": ("Opened {name}", "Открыт проект {name}"),
    "cannot_open": ("Cannot open the project: {error}", "Не удалось открыть проект: {error}"),
    "cannot_save": (
        "Not saved: {error}. The last good file is intact.",
        "Не сохранено: {error}. Последняя удачная версия файла не тронута.",
    ),
    "exists_overwrite_project": (
        "{path} already exists. Open it instead?",
        "{path} уже существует. Открыть его?",
    ),
    "empty_path": ("Enter a file path.", "Укажите путь к файлу."),
    # interview
    "interview": ("Interview", "Интервью"),
    "step_of": ("{n} / {total}", "{n} / {total}"),
    "hint": ("Hint", "Подсказка"),
    "example": ("Example", "Пример"),
    "next": ("Next", "Далее"),
    "back": ("Back", "Назад"),
    "skip": ("Skip", "Пропустить"),
    "draft": ("Draft", "Составить"),
    "language": ("Language", "Язык"),
    "required_empty": (
        "This question needs an answer: {fields}.",
        "На этот вопрос нужен ответ: {fields}.",
    ),
    "follow_up": ("One more thing", "Уточнение"),
    "follow_up_answer": ("Your answer (optional)", "Ваш ответ (можно пропустить)"),
    "checking_answer": ("Checking the answer with the model…", "Модель проверяет ответ…"),
    "confirm_redraft": (
        "Draft again? The {n} current metrics and your edits to them will be replaced.",
        "Составить заново? Текущие метрики ({n}) и ваши правки в них будут заменены.",
    ),
    "interview_done": ("Interview complete — drafting…", "Интервью завершено — составляем…"),
    "bad_answer": ("Cannot read the answer: {error}", "Не удалось прочитать ответ: {error}"),
    "lang_switched": ("Language: English", "Язык: русский"),
    # drafting
    "drafting": ("Drafting", "Составление"),
    "drafting_title": ("Drafting metrics with the {engine} engine", "Составляем метрики: движок {engine}"),
    "step_metric_set": ("Choosing the metric set", "Выбор набора метрик"),
    "step_tracking": ("Filling the tracking table", "Заполнение таблицы отслеживания"),
    "step_value": ("Filling the Value Management table", "Заполнение таблицы Value Management"),
    "step_rules": ("Checking the rules", "Проверка правил"),
    "step_replacements": ("Replacing flagged metrics", "Замена помеченных метрик"),
    "drafting_cancelled": (
        "Drafting cancelled; your answers are kept.",
        "Составление отменено; ответы сохранены.",
    ),
    "llm_failed_replace": (
        "The LLM failed ({error}); the replacement comes from the offline catalog.",
        "LLM не ответила ({error}); замена взята из офлайн-каталога.",
    ),
    "llm_failed_fallback": (
        "The LLM failed ({error}); drafted with the offline catalog instead.",
        "LLM не ответила ({error}); набор составлен по офлайн-каталогу.",
    ),
    "draft_failed": ("Drafting failed: {error}", "Составить не удалось: {error}"),
    "draft_done": ("Drafted {n} metrics.", "Составлено метрик: {n}."),
    "esc_cancel": ("Esc cancels and returns to the interview.", "Esc — отменить и вернуться к интервью."),
    # workbench
    "workbench": ("Workbench", "Рабочий стол"),
    "tab_tracking": ("Tracking", "Отслеживание"),
    "tab_value": ("Value Management", "Value Management"),
    "tab_findings": ("Findings", "Замечания"),
    "tab_profile": ("Profile", "Профиль"),
    "edit": ("Edit", "Изменить"),
    "add": ("Add", "Добавить"),
    "delete": ("Delete", "Удалить"),
    "move_up": ("Up", "Выше"),
    "move_down": ("Down", "Ниже"),
    "replace": ("Replace", "Заменить"),
    "apply": ("Apply suggestion", "Применить совет"),
    "record_actual": ("Actual", "Факт"),
    "export": ("Export", "Экспорт"),
    "to_interview": ("Interview", "Интервью"),
    "redraft": ("Redraft", "Пересоставить"),
    "no_metric": ("No metric selected.", "Метрика не выбрана."),
    "not_editable": ("This column is computed and cannot be edited.", "Эта колонка вычисляется и не редактируется."),
    "edited": ("Saved.", "Сохранено."),
    "deleted": ("Deleted {name}.", "Удалено: {name}."),
    "confirm_delete": ("Delete the metric “{name}”?", "Удалить метрику «{name}»?"),
    "added": ("Added {name}.", "Добавлено: {name}."),
    "add_title": ("Add a metric from the catalog", "Добавить метрику из каталога"),
    "add_blank": ("(blank metric)", "(пустая метрика)"),
    "blank_name": ("New metric", "Новая метрика"),
    "replaced": ("Replaced {old} with {new}.", "{old} заменена на {new}."),
    "replacing": ("Replacing {name}…", "Заменяем {name}…"),
    "replace_failed": ("Replacement failed: {error}", "Заменить не удалось: {error}"),
    "no_suggestion": ("This finding has no catalog suggestion to apply.", "У этого замечания нет метрики из каталога для замены."),
    "no_findings": ("No findings: every rule passes.", "Замечаний нет: все правила пройдены."),
    "finding_suggestion": ("Suggestion", "Совет"),
    "set_level": ("(whole set)", "(весь набор)"),
    "rules_unavailable": ("The rule layer is not available: {error}", "Правила недоступны: {error}"),
    "actual_value": ("Actual value", "Фактическое значение"),
    "actual_date": ("Date (YYYY-MM-DD)", "Дата (ГГГГ-ММ-ДД)"),
    "recorded": ("Recorded {value} for {date}.", "Записано {value} на {date}."),
    "bad_number": ("“{text}” is not a number.", "«{text}» — не число."),
    "bad_date": ("“{text}” is not a date (YYYY-MM-DD).", "«{text}» — не дата (ГГГГ-ММ-ДД)."),
    "bad_kind": ("Type is “leading” or “lagging”.", "Тип — «опережающая» или «запаздывающая»."),
    "empty_name": ("A metric needs a name.", "У метрики должно быть название."),
    "edit_title": ("{column} — {metric}", "{column} — {metric}"),
    "finding_badge": ("Findings", "Замечания"),
    "rule": ("Rule", "Правило"),
    "message": ("What is wrong", "Что не так"),
    "n_metrics": ("{n} metrics", "метрик: {n}"),
    "table": ("Tables", "Таблицы"),
    "table_both": ("both tables", "обе таблицы"),
    "table_tracking": ("tracking table", "таблица отслеживания"),
    "table_value": ("Value Management table", "таблица Value Management"),
    # export
    "export_title": ("Export the project", "Экспорт проекта"),
    "format": ("Format", "Формат"),
    "path": ("Path", "Путь"),
    "overwrite": ("{path} exists. Overwrite it?", "{path} уже есть. Перезаписать?"),
    "exported": ("Exported to {path}.", "Экспортировано в {path}."),
    "export_failed": ("Export failed: {error}", "Экспорт не удался: {error}"),
    "exporters_unavailable": ("Exporters are not available: {error}", "Экспорт недоступен: {error}"),
    # settings
    "settings_title": ("Settings", "Настройки"),
    "engine": ("Engine", "Движок"),
    "provider": ("Provider", "Провайдер"),
    "model": ("Model", "Модель"),
    "base_url": ("Base URL", "Базовый URL"),
    "test_connection": ("Test connection", "Проверить связь"),
    "save": ("Save", "Сохранить"),
    "close": ("Close", "Закрыть"),
    "saved_settings": ("Settings saved to {path}.", "Настройки сохранены в {path}."),
    "testing": ("Testing…", "Проверяем…"),
    "api_key_note": (
        "API keys are read from the environment or your config file, never stored in projects.",
        "Ключи API берутся из окружения или файла настроек и никогда не пишутся в проекты.",
    ),
    "system_default": ("system default", "как в системе"),
    "theme": ("Theme", "Тема"),
    "palette_help": ("Action", "Действие"),
}


def tr(lang: str, key: str, **kwargs: object) -> str:
    """The text for ``key`` in ``lang`` (``ru`` or English), formatted with ``kwargs``."""
    en, ru = STRINGS[key]
    text = ru if lang == "ru" else en
    return text.format(**kwargs) if kwargs else text


def system_language() -> str:
    """``ru`` when the system locale is Russian, else ``en`` (LANG/LC_* first, then ``locale``)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "ru" if code.lower().startswith("ru") else "en"
