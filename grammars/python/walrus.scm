; Assignment expressions; the extractor keeps those whose scope is the module (walrus in a
; comprehension binds in the enclosing scope, so only def/lambda/class boundaries matter).
;   @walrus.name  the bound identifier of (name := value)
(named_expression name: (identifier) @walrus.name)
