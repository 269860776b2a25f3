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
    "format_md": ("Markdown report: profile, both tables, findings", "отчёт Markdown: профиль, обе таблицы, замечания"),
    "format_csv": (
        "CSV, one file per table (<name>.tracking.csv, <name>.value.csv)",
        "CSV, по файлу на таблицу (<имя>.tracking.csv, <имя>.value.csv)",
    ),
    "format_xlsx": ("Excel workbook: a sheet per table and a findings sheet", "книга Excel: по листу на таблицу и лист замечаний"),
    "format_json": (
        "JSON document: profile, both tables, findings and notices",
        "документ JSON: профиль, обе таблицы, замечания и уведомления",
    ),
    "format_dbt": (
        "dbt semantic layer YAML (models and metrics with direction and window)",
        "YAML семантического слоя dbt (модели и метрики с направлением и окном)",
    ),
    "format_sql": (
        "SQL views that compute each metric in the data warehouse",
        "SQL-представления, считающие каждую метрику в хранилище данных",
    ),
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
    "leave_interview": ("Leave the interview", "Выйти из интервью"),
    "draft_needs": (
        "Answer this first, drafting needs it: {question} ({fields})",
        "Сначала ответьте, без этого не составить: {question} ({fields})",
    ),
    "how_to_quit": ("Press Ctrl+Q to quit.", "Выход — Ctrl+Q."),
    "draft_elapsed": ("{seconds} s · {step}", "{seconds} с · {step}"),
    "timeout_setting": ("the Timeout setting (F2)", "настройку «Тайм-аут» (F2)"),
    "timeout_label": ("Timeout per LLM request, seconds", "Тайм-аут запроса к LLM, секунды"),
    # keys, help, palette
    "help": ("Help", "Справка"),
    "help_title": ("Keys", "Клавиши"),
    "help_close": ("Esc, F1 or ? closes this help.", "Esc, F1 или ? — закрыть справку."),
    "palette": ("Commands", "Команды"),
    "palette_search": ("Search for commands…", "Поиск команд…"),
    "theme_help": ("Change the colour theme", "Сменить цветовую тему"),
    "next_tab": ("Next tab", "Следующая вкладка"),
    "prev_tab": ("Previous tab", "Предыдущая вкладка"),
    "search": ("Type to search (either language)", "Поиск (на любом языке)"),
    # undo, conflicts
    "undo": ("Undo", "Отменить"),
    "redo": ("Redo", "Вернуть"),
    "undone": ("Undone.", "Отменено."),
    "redone": ("Redone.", "Возвращено."),
    "nothing_to_undo": ("Nothing to undo.", "Отменять нечего."),
    "nothing_to_redo": ("Nothing to redo.", "Возвращать нечего."),
    "save_as": ("Save as", "Сохранить как"),
    "saved_as": ("Saved as {path}.", "Сохранено как {path}."),
    "conflict_title": (
        "The project file was changed by another program.",
        "Файл проекта изменила другая программа.",
    ),
    "conflict_text": (
        "Both changed the same values, so nothing was written. Your edits are still here.",
        "Изменены одни и те же значения, поэтому ничего не записано. Ваши правки на месте.",
    ),
    "conflict_reload": ("Reload the file", "Загрузить файл заново"),
    "conflict_overwrite": ("Overwrite it", "Перезаписать его"),
    "conflict_save_as": ("Save as…", "Сохранить как…"),
    # replace, goals, check-ins
    "replace_title": ("Replace “{name}” with…", "Заменить «{name}» на…"),
    "replace_note": (
        "Best matches first. Baseline, target and history are kept when the new metric measures the same thing.",
        "Лучшие варианты сверху. База, цель и история сохраняются, если новая метрика измеряет то же самое.",
    ),
    "same_measure": ("same measure, numbers kept", "то же измерение, числа сохранятся"),
    "confirm_replace": (
        "Replace “{old}” with “{new}”? It measures something else, so this will be dropped: {lost}.",
        "Заменить «{old}» на «{new}»? Она измеряет другое, поэтому будет удалено: {lost}.",
    ),
    "replaced_kept": (
        "Replaced {old} with {new}; baseline, target and history kept.",
        "{old} заменена на {new}; база, цель и история сохранены.",
    ),
    "n_recorded": ("{n} recorded values", "записанных значений: {n}"),
    "new_goal": ("(new goal…)", "(новая цель…)"),
    "new_goal_title": ("Title of the new goal", "Название новой цели"),
    "no_goal": ("(no goal)", "(без цели)"),
    "check_in": ("Check-in", "Замер"),
    "actual_period": ("Period (e.g. 2026-10, optional)", "Период (например, 2026-10, можно пропустить)"),
    "actual_note": ("Comment (optional)", "Комментарий (можно пропустить)"),
    "long_text_note": ("D opens the metric's details with a multi-line editor.", "D — карточка метрики с многострочным редактором."),
    # metric details
    "details": ("Details", "Детали"),
    "chart_legend": ("█ recorded values   ┈ baseline   ─ target   → target date",
                     "█ замеры   ┈ база   ─ цель   → срок цели"),
    "chart_empty": ("No baseline, target or recorded values yet: nothing to chart.",
                    "Пока нет ни базы, ни цели, ни замеров: графику не из чего строиться."),
    "history_title": ("Recorded values: {n}", "Замеров: {n}"),
    "bad_field": ("Cannot read {field}: “{text}”.", "Не удалось прочитать поле {field}: «{text}»."),
    "f_goal": ("Goal", "Цель"),
    "f_kind": ("Type", "Тип"),
    "f_direction": ("Better when", "Лучше, когда"),
    "dir_up": ("higher (up is good)", "выше (рост — хорошо)"),
    "dir_down": ("lower (down is good)", "ниже (снижение — хорошо)"),
    "f_category": ("Category", "Категория"),
    "cat_financial": ("financial", "финансовая"),
    "cat_customer_value": ("customer value", "ценность для клиента"),
    "cat_operational_efficiency": ("operational efficiency", "операционная эффективность"),
    "cat_usage_adoption": ("usage and adoption", "использование и внедрение"),
    "cat_strategic": ("strategic", "стратегическая"),
    "f_name": ("Name", "Название"),
    "f_unit": ("Unit (%, days, EUR, count…)", "Единица (%, дни, руб., шт.…)"),
    "f_period": ("Period or window", "Период или окно"),
    "f_target_date": ("Target date (YYYY-MM-DD)", "Срок цели (ГГГГ-ММ-ДД)"),
    "f_start_date": ("Start date (YYYY-MM-DD)", "Дата начала (ГГГГ-ММ-ДД)"),
    "f_baseline": ("Baseline (before)", "База («до»)"),
    "f_target": ("Target (after)", "Цель («после»)"),
    "f_owner": ("Owner", "Ответственный"),
    "f_owner_role": ("Owner's role", "Роль ответственного"),
    "f_data_source": ("Data source", "Источник данных"),
    "f_formula": ("Formula or way of calculating", "Формула или способ расчёта"),
    "f_why": ("Why it matters", "Почему это важно"),
    "f_where_used": ("Where and how it is used", "Где и как используется"),
    "f_example": ("Example", "Пример"),
    "f_plan": ("Plan / initiatives", "План / инициативы"),
    "f_comment": ("Comment", "Комментарий"),
    "f_target_rationale": ("Why this target", "Почему такая цель"),
    "f_reason": ("Why this metric was picked", "Почему выбрана эта метрика"),
    "f_conventions": ("Formula conventions", "Соглашения о формуле"),
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
