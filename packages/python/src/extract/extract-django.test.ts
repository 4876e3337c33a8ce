import { describe, expect, it } from 'vitest';
import { extractModuleFacts } from './module-facts.js';

describe('Django facts', () => {
  it('names the settings whose value is not fully read: a computed part, or a method call that changes it', () => {
    const facts = extractModuleFacts([
      'INSTALLED_APPS = ["a", "b"] + EXTRA',
      'MIDDLEWARE = ["m.M"]',
      'MIDDLEWARE += ["n.N"]',
      'LOGGING = {"version": 1, "disable_existing_loggers": False, "handlers": {"h": {"class": "x.H", "level": "INFO"}}}',
      'TEMPLATES = [{"DIRS": [BASE_DIR / "templates"]}]',
      'if DEBUG:',
      '    ROOT_URLCONF = "config.urls"',
      '    PASSWORD_HASHERS.insert(0, "x.Hasher")',
      'def configure():',
      '    AUTHENTICATION_BACKENDS.append(name)',
      '',
    ].join('\n'));
    expect(facts.computedSettings).toEqual(['INSTALLED_APPS', 'PASSWORD_HASHERS', 'TEMPLATES']);
    // Every dotted-path-like literal is kept (the rules pick theirs by setting and key).
    expect(facts.settings?.map((s) => s.value)).toEqual(['a', 'b', 'm.M', 'n.N', 'x.H', 'INFO', 'templates', 'config.urls']);
  });

  it('reads module-level classes with their bases and literal name / label / default, and default_app_config', () => {
    const facts = extractModuleFacts([
      'from django.apps import AppConfig',
      'default_app_config = "blog.apps.BlogConfig"',
      'class Base(AppConfig):',
      '    label = "posts"',
      '    default = False',
      '@register',
      'class BlogConfig(Base, metaclass=Meta):',
      '    name = "blog"',
      '    label: str = compute()',
      '    default = True',
      '    def ready(self):',
      '        label = "not an attribute"',
      'if True:',
      '    class Hidden(AppConfig):',
      '        pass',
      '',
    ].join('\n'));
    expect(facts.appConfig).toEqual({
      classes: [
        { name: 'Base', bases: ['AppConfig'], attributes: { label: 'posts', default: false }, line: 3 },
        { name: 'BlogConfig', bases: ['Base'], attributes: { name: 'blog', label: null, default: true }, line: 7 },
      ],
      defaultAppConfig: 'blog.apps.BlogConfig',
    });
    expect(extractModuleFacts('class Plain:\n    label = "x"\n').appConfig).toBeUndefined();
  });
});
