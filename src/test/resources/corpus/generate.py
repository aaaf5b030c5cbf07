#!/usr/bin/env python3
"""Writes Quire's input corpus (run from this folder; the output is checked in).

hostile/<type>/<id>--<what>.<ext>: files every entry point must refuse with a one-line
error naming the file (put, import, hand edit + commit, merge-driver, validate).
odd/<type>/<id>--<what>.<ext>: files every entry point must accept losslessly.
Each file's id is the part of its name before "--"; placed in a store it goes to
v2/<type>/<id>.<ext>. Files of 65 MiB are made by the test itself, not kept here.
"""
import os, shutil

HOSTILE = []
ODD = []

def h(type_, ext, what, data):
    HOSTILE.append((type_, ext, what, data if isinstance(data, bytes) else data.encode()))

def o(type_, ext, what, data):
    ODD.append((type_, ext, what, data if isinstance(data, bytes) else data.encode()))

R = "rules"
# {id} is replaced by the case's id
# ---- malformed and truncated YAML
h(R, "yaml", "truncated-flow-mapping", '{id: {id}, name: "Trunc')
h(R, "yaml", "truncated-double-quoted", 'id: {id}\nname: "never closed\ntype: system\n')
h(R, "yaml", "truncated-single-quoted", "id: {id}\nname: 'never closed\n")
h(R, "yaml", "truncated-flow-sequence", 'id: {id}\nname: n\nmetadata: [a, b\n')
h(R, "yaml", "tab-indentation", 'id: {id}\nname: n\nmetadata:\n\tkey: v\n')
h(R, "yaml", "tab-before-key", 'id: {id}\n\tname: n\n')
h(R, "yaml", "mapping-value-not-allowed", 'id: {id}\nname: a: b\n')
h(R, "yaml", "bad-indentation", 'id: {id}\n  name: n\n type: system\n')
h(R, "yaml", "duplicate-key", 'id: {id}\nname: first\nname: second\n')
h(R, "yaml", "duplicate-id", 'id: {id}\nid: other\nname: n\n')
h(R, "yaml", "duplicate-key-crlf", 'id: {id}\r\nname: a\r\nname: b\r\n')
h(R, "yaml", "duplicate-nested-key", 'id: {id}\nname: n\nmeta:\n  a: 1\n  a: 2\n')
h(R, "yaml", "anchor-and-alias", 'id: {id}\nname: &n shared\ndescription: *n\n')
h(R, "yaml", "merge-key", 'base: &b {type: system}\nid: {id}\nname: n\n<<: *b\n')
h(R, "yaml", "alias-bomb", 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n'
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nid: {id}\nname: *g\n')
h(R, "yaml", "undefined-alias", 'id: {id}\nname: *nowhere\n')
h(R, "yaml", "python-object-tag", 'id: {id}\nname: !!python/object:os.system ["echo hi"]\n')
h(R, "yaml", "java-class-tag", 'id: {id}\nname: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1/"]]]]\n')
h(R, "yaml", "local-tag", 'id: {id}\nname: !custom n\n')
h(R, "yaml", "binary-tag", 'id: {id}\nname: !!binary aGVsbG8=\n')
h(R, "yaml", "set-tag", 'id: {id}\nname: n\nmeta: !!set {a, b}\n')
h(R, "yaml", "two-documents", 'id: {id}\nname: one\n---\nid: {id}\nname: two\n')
h(R, "yaml", "document-end-then-junk", 'id: {id}\nname: n\n...\njunk: here\n')
h(R, "yaml", "empty-file", '')
h(R, "yaml", "only-a-comment", '# nothing here\n')
h(R, "yaml", "only-null", '~\n')
h(R, "yaml", "top-level-scalar", 'just some text\n')
h(R, "yaml", "top-level-list", '- id: {id}\n  name: n\n')
h(R, "yaml", "raw-nul", b'id: {id}\nname: a\x00b\n')
h(R, "yaml", "raw-control-char", b'id: {id}\nname: a\x01b\n')
h(R, "yaml", "raw-escape-char", b'id: {id}\nname: a\x1b[31mred\n')
h(R, "yaml", "invalid-utf8-byte", b'id: {id}\nname: caf\xff\n')
h(R, "yaml", "overlong-utf8", b'id: {id}\nname: \xc0\xaf\n')
h(R, "yaml", "utf8-surrogate", b'id: {id}\nname: \xed\xa0\x80\n')
h(R, "yaml", "truncated-utf8", b'id: {id}\nname: caf\xc3')
h(R, "yaml", "latin1-file", b'id: {id}\nname: caf\xe9 cr\xe8me\n')
h(R, "yaml", "utf16-with-bom", '\ufeffid: {id}\nname: n\n'.encode('utf-16'))
h(R, "yaml", "deep-nesting-flow", 'id: {id}\nname: n\nmeta: ' + '[' * 5000 + ']' * 5000 + '\n')
h(R, "yaml", "deep-nesting-blocks", 'id: {id}\nname: n\nmeta:\n' + ''.join('  ' * (i + 1) + 'k:\n' for i in range(200)))
h(R, "yaml", "infinity", 'id: {id}\nname: n\nmeta: .inf\n')
h(R, "yaml", "negative-infinity", 'id: {id}\nname: n\nmeta: -.Inf\n')
h(R, "yaml", "not-a-number", 'id: {id}\nname: n\nmeta: .nan\n')
h(R, "yaml", "number-overflow", 'id: {id}\nname: n\nmeta: 1e400\n')
h(R, "yaml", "huge-integer-digits", 'id: {id}\nname: n\nmeta: ' + '9' * 5000 + '\n')
h(R, "yaml", "complex-key", 'id: {id}\nname: n\n? [a, b]\n: c\n')
h(R, "yaml", "list-as-key", 'id: {id}\nname: n\n[a]: b\n')
h(R, "yaml", "invalid-escape", 'id: {id}\nname: "bad \\q escape"\n')
h(R, "yaml", "reserved-indicator-at", 'id: {id}\nname: @handle\n')
h(R, "yaml", "reserved-indicator-backtick", 'id: {id}\nname: `cmd`\n')
h(R, "yaml", "unclosed-flow-in-block", 'id: {id}\nname: n\ncontent: {a: 1\ntype: system\n')
h(R, "yaml", "directive-without-document", '%YAML 1.2\n')
# ---- wrong types
h(R, "yaml", "id-number", 'id: 42\nname: n\n')
h(R, "yaml", "id-list", 'id: [a, b]\nname: n\n')
h(R, "yaml", "id-map", 'id: {a: 1}\nname: n\n')
h(R, "yaml", "id-null", 'id: null\nname: n\n')
h(R, "yaml", "id-missing", 'name: nameless\ntype: system\n')
h(R, "yaml", "id-boolean", 'id: true\nname: n\n')
h(R, "yaml", "name-number", 'id: {id}\nname: 12\n')
h(R, "yaml", "name-list", 'id: {id}\nname: [a]\n')
h(R, "yaml", "name-map", 'id: {id}\nname: {first: a}\n')
h(R, "yaml", "name-null", 'id: {id}\nname: null\n')
h(R, "yaml", "type-number", 'id: {id}\nname: n\ntype: 3\n')
h(R, "yaml", "always-on-string", 'id: {id}\nname: n\nalwaysOn: "true"\n')
h(R, "yaml", "always-on-number", 'id: {id}\nname: n\nalwaysOn: 1\n')
h(R, "yaml", "content-list", 'id: {id}\nname: n\ncontent: [a, b]\n')
# ---- exotic dates
h(R, "yaml", "date-words", 'id: {id}\nname: n\ncreatedAt: yesterday\n')
h(R, "yaml", "date-month-13", 'id: {id}\nname: n\ncreatedAt: "2026-13-01T00:00:00Z"\n')
h(R, "yaml", "date-february-30", 'id: {id}\nname: n\ncreatedAt: "2026-02-30T00:00:00Z"\n')
h(R, "yaml", "date-hour-25", 'id: {id}\nname: n\ncreatedAt: "2026-01-01T25:00:00Z"\n')
h(R, "yaml", "date-year-10000", 'id: {id}\nname: n\ncreatedAt: "+10000-01-01T00:00:00Z"\n')
h(R, "yaml", "date-year-275760", 'id: {id}\nname: n\ncreatedAt: "+275760-09-13T00:00:00Z"\n')
h(R, "yaml", "date-negative-year", 'id: {id}\nname: n\ncreatedAt: "-0001-01-01T00:00:00Z"\n')
h(R, "yaml", "date-boolean", 'id: {id}\nname: n\ncreatedAt: true\n')
h(R, "yaml", "date-map", 'id: {id}\nname: n\ncreatedAt: {y: 2026}\n')
h(R, "yaml", "date-epoch-too-big", 'id: {id}\nname: n\ncreatedAt: 100000000000000000\n')
h(R, "yaml", "date-epoch-fraction", 'id: {id}\nname: n\ncreatedAt: 1.5e300\n')
# ---- hostile ids
h(R, "yaml", "id-empty", 'id: ""\nname: n\n')
h(R, "yaml", "id-too-long", 'id: "' + 'x' * 300 + '"\nname: n\n')
h(R, "yaml", "id-too-long-multibyte", 'id: "' + '\u00e9' * 150 + '"\nname: n\n')
# ---- other types
T = "prompt-templates"
h(T, "yaml", "variables-not-a-list", 'id: {id}\nname: n\nprompt: p\nvariables: {name: x}\n')
h(T, "yaml", "variable-not-a-map", 'id: {id}\nname: n\nprompt: p\nvariables: [x]\n')
h(T, "yaml", "tags-a-string", 'id: {id}\nname: n\nprompt: p\ntags: one\n')
h(T, "yaml", "is-public-string", 'id: {id}\nname: n\nprompt: p\nisPublic: "no"\n')
W = "workflows"
h(W, "yaml", "steps-a-map", 'id: {id}\nname: n\nsteps: {id: s1}\n')
h(W, "yaml", "step-id-number", 'id: {id}\nname: n\nsteps:\n  - id: 1\n    name: s\n    type: prompt\n')
P = "projects"
h(P, "yaml", "temperature-string", 'id: {id}\nname: n\npath: /n\ntemperature: hot\n')
h(P, "yaml", "default-tags-a-map", 'id: {id}\nname: n\npath: /n\ndefaultTagIds: {a: 1}\n')
C = "provider-configs"
h(C, "yaml", "enabled-models-number", 'id: {id}\nname: n\ntype: openai\nenabledModels: 3\n')
h(C, "yaml", "type-null", 'id: {id}\nname: n\ntype: null\n')
M = "mods"
h(M, "yaml", "load-order-string", 'id: {id}\nname: n\nloadOrder: first\n')
h(M, "yaml", "enabled-list", 'id: {id}\nname: n\nenabled: [true]\n')
# ---- malformed JSON
h(R, "json", "truncated-object", '{"id": "{id}", "name": "n"')
h(R, "json", "truncated-string", '{"id": "{id}", "name": "n')
h(R, "json", "trailing-comma", '{"id": "{id}", "name": "n",}')
h(R, "json", "comment", '{"id": "{id}", // a comment\n "name": "n"}')
h(R, "json", "single-quotes", "{'id': '{id}', 'name': 'n'}")
h(R, "json", "unquoted-keys", '{id: "{id}", name: "n"}')
h(R, "json", "nan-literal", '{"id": "{id}", "name": "n", "meta": NaN}')
h(R, "json", "infinity-literal", '{"id": "{id}", "name": "n", "meta": Infinity}')
h(R, "json", "undefined-literal", '{"id": "{id}", "name": "n", "meta": undefined}')
h(R, "json", "duplicate-key", '{"id": "{id}", "name": "a", "name": "b"}')
h(R, "json", "raw-newline-in-string", '{"id": "{id}", "name": "a\nb"}')
h(R, "json", "raw-tab-in-string", '{"id": "{id}", "name": "a\tb"}')
h(R, "json", "invalid-escape", '{"id": "{id}", "name": "\\x41"}')
h(R, "json", "truncated-unicode-escape", '{"id": "{id}", "name": "\\u12"}')
h(R, "json", "top-level-array", '[{"id": "{id}", "name": "n"}]')
h(R, "json", "top-level-string", '"{id}"')
h(R, "json", "top-level-null", 'null')
h(R, "json", "empty-file", '')
h(R, "json", "whitespace-only", '  \n\t\n')
h(R, "json", "two-documents", '{"id": "{id}", "name": "a"}{"id": "{id}", "name": "b"}')
h(R, "json", "junk-after-document", '{"id": "{id}", "name": "a"} junk')
h(R, "json", "deep-nesting", '{"id": "{id}", "name": "n", "meta": ' + '[' * 100000 + ']' * 100000 + '}')
h(R, "json", "number-overflow", '{"id": "{id}", "name": "n", "meta": 1e400}')
h(R, "json", "huge-integer-digits", '{"id": "{id}", "name": "n", "meta": ' + '9' * 5000 + '}')
h(R, "json", "leading-zero", '{"id": "{id}", "name": "n", "meta": 0123}')
h(R, "json", "hex-number", '{"id": "{id}", "name": "n", "meta": 0x10}')
h(R, "json", "number-with-junk", '{"id": "{id}", "name": "n", "meta": 12abc}')
h(R, "json", "raw-nul", b'{"id": "{id}", "name": "a\x00b"}')
h(R, "json", "invalid-utf8", b'{"id": "{id}", "name": "caf\xff"}')
h(R, "json", "overlong-utf8", b'{"id": "{id}", "name": "\xc0\xaf"}')
h(R, "json", "utf8-surrogate", b'{"id": "{id}", "name": "\xed\xb0\x80"}')
h(R, "json", "utf8-above-u10ffff", b'{"id": "{id}", "name": "\xf4\x90\x80\x80"}')
h(R, "json", "utf16le", '{"id": "{id}", "name": "n"}'.encode('utf-16-le'))
h(R, "json", "id-number", '{"id": 7, "name": "n"}')
h(R, "json", "id-empty", '{"id": "", "name": "n"}')
h(R, "json", "name-object", '{"id": "{id}", "name": {"a": 1}}')
h(R, "json", "date-not-a-date", '{"id": "{id}", "name": "n", "createdAt": "2026-01-01 at noon"}')
h(R, "json", "always-on-null-string", '{"id": "{id}", "name": "n", "alwaysOn": "null"}')

# ---- odd but valid: what LiteChat (or a person) writes, that the store must keep
o(R, "yaml", "unknown-rule-type-from-litechat", 'id: {id}\nname: Be Concise\ncontent: Please be concise in your response.\ntype: beforeUser\ncreatedAt: "2024-01-01T00:00:00.000Z"\n')
o(R, "yaml", "unknown-fields", 'id: {id}\nname: Unknown fields\ntype: system\ncontent: x\ncolor: "#3b82f6"\nsettings:\n  defaultTags: [a]\n')
o(R, "yaml", "only-required-fields", 'id: {id}\nname: Bare\n')
o(R, "yaml", "bom", '\ufeffid: {id}\nname: With a BOM\ntype: system\ncontent: x\n')
o(R, "yaml", "crlf", 'id: {id}\r\nname: CRLF lines\r\ntype: after\r\ncontent: "line one\\r\\nline two"\r\n')
o(R, "yaml", "tab-inside-quoted", 'id: {id}\nname: "a\\tb tab"\ncontent: "col1\tcol2"\n')
o(R, "yaml", "escaped-nul-in-content", 'id: {id}\nname: Escaped NUL\ncontent: "a\\0b"\n')
o(R, "yaml", "emoji-and-rtl", 'id: {id}\nname: "Émoji 🎉 and עברית"\ncontent: "👩‍💻 ﷽"\n')
o(R, "yaml", "long-content", 'id: {id}\nname: Long content\ncontent: "' + 'word ' * 20000 + '"\n')
o(R, "yaml", "epoch-millis-date", 'id: {id}\nname: Epoch date\ncreatedAt: 1735689600000\n')
o(R, "yaml", "date-with-offset", 'id: {id}\nname: Offset date\ncreatedAt: "2026-01-01T09:00:00+09:00"\n')
o(R, "yaml", "big-safe-integer", 'id: {id}\nname: Big number\nmeta: 9007199254740991\n')
o(R, "yaml", "unicode-id-" , 'id: "règle-1"\nname: Unicode id\n')
o(R, "yaml", "block-scalar", 'id: {id}\nname: Block scalar\ncontent: |\n  line one\n  line two\n')
o(R, "json", "compact-json", '{"id":"{id}","name":"Compact JSON","type":"control","content":"x","alwaysOn":true}')
o(R, "json", "json-unknown-fields", '{"id": "{id}", "name": "JSON extras", "type": "system", "extra": {"nested": [1, 2, {"x": null}]}}')
o(R, "json", "json-bom", '\ufeff{"id": "{id}", "name": "JSON BOM"}')
o(R, "json", "json-escaped-unicode", '{"id": "{id}", "name": "\\u00e9t\\u00e9 \\ud83c\\udf89"}')
o("prompt-templates", "yaml", "unknown-template-type", 'id: {id}\nname: Odd template\nprompt: Hi {{x}}\ntype: chain\nvariables:\n  - name: x\n    description: d\n    type: string\n    required: false\ntags: []\nisPublic: false\n')
o("provider-configs", "yaml", "unknown-provider-type", 'id: {id}\nname: New provider\ntype: some-new-provider\nisEnabled: true\napiKeyId: null\nbaseURL: null\nautoFetchModels: false\n')
o("workflows", "yaml", "unknown-step-type", 'id: {id}\nname: Odd steps\nsteps:\n  - id: s1\n    name: Tool\n    type: tool\n    toolName: search\n')
o("tags", "yaml", "tag-with-color", 'id: {id}\nname: Default Behavior\ncolor: "#3b82f6"\ncreatedAt: "2024-01-01T00:00:00.000Z"\n')

def write(kind, cases, prefix):
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), kind)
    shutil.rmtree(root, ignore_errors=True)
    for n, (type_, ext, what, data) in enumerate(cases, 1):
        id_ = "%s%03d" % (prefix, n)
        folder = os.path.join(root, type_)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "%s--%s.%s" % (id_, what.strip('-'), ext)), "wb") as f:
            f.write(data.replace(b"{id}", id_.encode()))
    print(kind, len(cases))

write("hostile", HOSTILE, "h")
write("odd", ODD, "o")
