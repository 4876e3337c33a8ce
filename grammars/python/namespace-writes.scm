; Writes to a module's namespace that no static reader can follow. Any match makes the module's set of
; names unknown, so names imported from it are never reported missing.
;   @dynamic  globals()[k] = v / globals().update(...) / globals().setdefault(...) /
;             vars()[k] = v / any use of sys.modules[__name__] (setattr on it, replacing the module)
;   @modules  also registers modules (sys.modules writes, import hooks): its submodules are unknowable too.
;             Writing names (globals()) cannot make `import pkg.sub` find a module; sys.modules can.
;   @alias / @alias_write  `g = globals()` and what is written through a name (`g[k] = v`, `g.update()`,
;             `f(g)`): the module is dynamic only when an alias is written (`__locals = locals()` then
;             `__locals[name]` only reads, as httpx/__init__.py does).
(assignment
  left: (subscript value: (call function: (identifier) @_globals))
  (#match? @_globals "^(globals|vars|locals)$")) @dynamic
(call
  function: (attribute
    object: (call function: (identifier) @_globals)
    attribute: (identifier) @_method)
  (#match? @_globals "^(globals|vars|locals)$")
  (#match? @_method "^(update|setdefault|__setitem__)$")) @dynamic
(subscript
  value: (attribute object: (identifier) @_sys attribute: (identifier) @_modules)
  subscript: (identifier) @_name
  (#eq? @_sys "sys")
  (#eq? @_modules "modules")
  (#eq? @_name "__name__")) @dynamic @modules
; sys.modules["pkg.name"] = module / sys.modules.update(...): registers modules the path finder would
; not find (requests' `requests.packages.urllib3`); the module doing it has unknowable submodules.
(assignment
  left: (subscript
    value: (attribute object: (identifier) @_sys attribute: (identifier) @_modules))
  (#eq? @_sys "sys")
  (#eq? @_modules "modules")) @dynamic @modules
(call
  function: (attribute
    object: (attribute object: (identifier) @_sys attribute: (identifier) @_modules)
    attribute: (identifier) @_method)
  (#eq? @_sys "sys")
  (#eq? @_modules "modules")
  (#match? @_method "^(update|setdefault|__setitem__)$")) @dynamic @modules
; @enum.global_enum copies an enum's members into the module's namespace (re.IGNORECASE, ...).
((decorator) @dynamic
  (#match? @dynamic "global_enum"))
; exec(...) can define any name in the module (`exec(code, globals())`, a bare `exec("X = 1")`).
((call function: (identifier) @_exec) @dynamic
  (#eq? @_exec "exec"))
; globals() kept in a variable to be written later (`_g = globals(); _g[name] = value`).
(assignment
  left: (identifier) @alias
  right: (call function: (identifier) @_globals)
  (#match? @_globals "^(globals|vars|locals)$"))
(assignment left: (subscript value: (identifier) @alias_write))
(call
  function: (attribute object: (identifier) @alias_write attribute: (identifier) @_method)
  (#match? @_method "^(update|setdefault|__setitem__)$"))
(call arguments: (argument_list (identifier) @alias_write))
(call arguments: (argument_list (keyword_argument value: (identifier) @alias_write)))

; A package that extends its own search path (`__path__ = extend_path(__path__, __name__)`,
; `__path__.append(...)`, pkg_resources.declare_namespace): it may have submodules anywhere.
;   @path
((assignment left: (identifier) @_path) @path
  (#eq? @_path "__path__"))
(call
  function: (attribute object: (identifier) @_path attribute: (identifier) @_method)
  (#eq? @_path "__path__")
  (#match? @_method "^(append|extend|insert)$")) @path
(call
  function: [(identifier) (attribute)] @_declare
  (#match? @_declare "declare_namespace$")) @path

; An import hook (`sys.meta_path.append(DynamicImporter("gi.repository"))`, `sys.path_hooks.insert(...)`):
; the module serves names and submodules no static reader can list (PyGObject's gi.repository).
(call
  function: (attribute
    object: (attribute object: (identifier) @_sys attribute: (identifier) @_hooks)
    attribute: (identifier) @_method)
  (#eq? @_sys "sys")
  (#match? @_hooks "^(meta_path|path_hooks)$")
  (#match? @_method "^(append|insert|extend)$")) @dynamic @path @modules
