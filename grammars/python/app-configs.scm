; Module-level classes and `default_app_config = "..."` of a module that mentions Django's AppConfig:
; what decides an installed app's label (the AppConfig Django picks, its `label` and `name`).
; extract-app-configs.ts reads each class's bases and literal `name` / `label` / `default` attributes.
;   @class          a class defined at module level (decorated or not)
;   @dac.value      the value assigned to `default_app_config` at module level
(module (class_definition) @class)
(module (decorated_definition definition: (class_definition) @class))
(module
  (expression_statement
    (assignment
      left: (identifier) @dac.name
      right: (_) @dac.value))
  (#eq? @dac.name "default_app_config"))
