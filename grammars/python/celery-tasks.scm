; Functions decorated as Celery tasks: `@app.task`, `@shared_task`, `@celery.task(name="x")`,
; `@app.task(bind=True)`. extract-framework-calls.ts keeps the module-level ones and reads `name=`.
;   @task.decorator  the decorator expression
;   @task.function   the function's name
(decorated_definition
  (decorator [
    (identifier) @task.decorator
    (attribute attribute: (identifier) @task.decorator)
    (call function: [(identifier) @task.decorator (attribute attribute: (identifier) @task.decorator)])
  ])
  definition: (function_definition name: (identifier) @task.function)
  (#match? @task.decorator "^(task|shared_task|periodic_task)$"))
