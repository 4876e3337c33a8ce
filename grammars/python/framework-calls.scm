; Calls that name code by string: Django's `include("blog.urls")`, Celery's `Celery(include=[...])`,
; `autodiscover_tasks([...])` and `app.conf.update(imports=[...])`, `os.environ.setdefault("DJANGO_SETTINGS_MODULE",
; "config.settings")`, and the assignment forms `os.environ["DJANGO_SETTINGS_MODULE"] = "..."` and
; `app.conf.include = [...]` / `app.conf.imports = [...]`. extract-framework-calls.ts reads the literal arguments.
;   @call           the call (or the assignment)
;   @call.name      the called name (last part), or the assigned `conf` attribute
;   @call.arguments the argument list
;   @conf           `conf` in `<app>.conf.update(...)` / `<app>.conf.include = ...`
;   @conf.value     the value assigned to `<app>.conf.include` / `<app>.conf.imports`
;   @environ.key / @environ.value  the subscript and the assigned string
(call
  function: [(identifier) @call.name (attribute attribute: (identifier) @call.name)]
  arguments: (argument_list) @call.arguments
  (#match? @call.name "^(include|setdefault|autodiscover_tasks|Celery)$")) @call
(assignment
  left: (subscript
    value: (attribute attribute: (identifier) @call.name)
    subscript: (string) @environ.key)
  right: (string) @environ.value
  (#eq? @call.name "environ")) @call
(call
  function: (attribute
    object: (attribute attribute: (identifier) @conf)
    attribute: (identifier) @call.name)
  arguments: (argument_list) @call.arguments
  (#eq? @conf "conf")
  (#eq? @call.name "update")) @call
(assignment
  left: (attribute
    object: (attribute attribute: (identifier) @conf)
    attribute: (identifier) @call.name)
  right: (_) @conf.value
  (#eq? @conf "conf")
  (#match? @call.name "^(include|imports)$")) @call
