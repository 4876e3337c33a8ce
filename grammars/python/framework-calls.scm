; Calls that name code by string: Django's `include("blog.urls")`, Celery's `Celery(include=[...])` and
; `autodiscover_tasks([...])`, `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")`, and
; the assignment form `os.environ["DJANGO_SETTINGS_MODULE"] = "..."`. extract-framework-calls.ts reads
; the literal arguments.
;   @call           the call (or the environ assignment)
;   @call.name      the called name (last part)
;   @call.arguments the argument list
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
