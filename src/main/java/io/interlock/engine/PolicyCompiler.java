package io.interlock.engine;

import com.oracle.js.parser.ErrorManager;
import com.oracle.js.parser.Parser;
import com.oracle.js.parser.ParserException;
import com.oracle.js.parser.ScriptEnvironment;
import com.oracle.js.parser.ir.ExportNode;
import com.oracle.js.parser.ir.ExpressionStatement;
import com.oracle.js.parser.ir.FunctionNode;
import com.oracle.js.parser.ir.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns a policy file into the source of a factory function whose every call is a fresh
 * instance of the file: an ES module's top level (or an Auth0 Action's CommonJS top level) runs
 * anew on each call, so module-scope state never survives an evaluation, yet the code is parsed
 * once per context.
 *
 * <p>The factory is derived from GraalJS's own parse of the file, never from text alone: a file
 * must parse as a module (or, for an Action, as a function body) on its own; the positions of
 * its {@code import}/{@code export} declarations come from that parse; and the finished factory
 * is parsed again and must be exactly one function expression spanning the whole text. A file
 * written to escape a textual wrapper ({@code }); let x = 1; (function () {}) does not parse on
 * its own, so it never loads. A module the factory would read differently ({@link ModuleReading}:
 * {@code <!--}, top-level {@code arguments} or direct {@code eval}, {@code import.meta}) is refused.
 *
 * <p>Imports of helpers ({@code policies/lib/}, see {@link HelperLinker}) become constants at
 * the head of the factory, read from the namespaces the factory is called with ({@link
 * ModuleImports}); a helper compiles the same way, its factory returning its namespace.
 *
 * <p>Rewriting keeps every line where the author wrote it: {@code export} keywords are blanked
 * with spaces, and the factory's head shares the first line with the file, so only columns on
 * line 1 (see {@link Compiled#shift}) and after an anonymous default export on the same line move.
 *
 * <p>This is the one place that uses GraalJS's parser classes directly ({@code com.oracle.js.parser},
 * internal to GraalJS and pinned with it in the pom): they are the parser that compiles the code,
 * so the derivation cannot disagree with it, and they cost no start-up time.
 */
final class PolicyCompiler {

    /** A policy (an ES module or an Auth0 Action), or a helper module policies import. */
    enum Kind { MODULE, ACTION, HELPER }

    /**
     * A module another names: its specifier as written, where the specifier stands in the file,
     * and, for an import, the names taken from it ({@code *} for the namespace).
     */
    record Request(String specifier, int line, int column, List<String> names) {}

    /**
     * A policy ready to be evaluated into a context: its factory text, and how to call it. A
     * module's factory takes the namespaces of its imports, in the order of {@code requests};
     * an Action's static {@code require()} calls of relative files are its requests. A helper's
     * factory returns its namespace, whose names are {@code exports}. {@code shift}: columns on
     * line 1 of an error in the factory are this much to the right of the author's.
     */
    record Compiled(PolicySource policy, Kind kind, String factory, boolean async, int shift, List<Request> requests,
            List<String> exports) {}

    /** Either a compiled policy or why it cannot load. */
    record Result(Optional<Compiled> compiled, Optional<Failure> failure) {
        static Result of(Compiled compiled) {
            return new Result(Optional.of(compiled), Optional.empty());
        }

        static Result failed(Failure failure) {
            return new Result(Optional.empty(), Optional.of(failure));
        }
    }

    static final String MODULE_HEAD = "(function (%s) {'use strict';";
    static final String ASYNC_MODULE_HEAD = "(async function (%s) {'use strict';";
    /**
     * Node's CommonJS wrapper (non-strict, {@code this === exports}, top-level return allowed),
     * inside a function taking the per-evaluation object of Node's globals (Buffer, URL, process…;
     * see auth0-adapter.js): through {@code with} each is made only when the code names it, and
     * the file's own declarations shadow it, as a real global would be.
     */
    static final String ACTION_HEAD =
            "(function (node) { with (node) return function (exports, require, module, __filename, __dirname) {";
    /** On its own line, so a trailing line comment in the file cannot swallow it. */
    static final String ACTION_TAIL = "\n}; })";
    private static final String TAIL = "\n})";

    private PolicyCompiler() {}

    static Result compile(PolicySource policy) {
        try {
            return Auth0Action.isAction(policy.source()) ? action(policy) : module(policy, false);
        } catch (ParserException e) {
            return Result.failed(syntaxError(policy, e));
        }
    }

    /** A helper: an ES module whose factory returns its namespace, with no top-level await. */
    static Result compileHelper(PolicySource helper) {
        try {
            return module(helper, true);
        } catch (ParserException e) {
            return Result.failed(syntaxError(helper, e));
        }
    }

    private static Result module(PolicySource policy, boolean helper) {
        String text = policy.source();
        FunctionNode module = parser(policy.name(), text, true).parseModule(policy.name());
        var entries = module.getModule();
        var disagreement = ModuleReading.first(module, text);
        if (disagreement.isPresent()) {
            return Result.failed(refused(policy, text, disagreement.get().offset(), disagreement.get().message()));
        }
        boolean async = module.isAsync();
        if (helper && async) {
            return Result.failed(Failure.of(FailureCode.POLICY_ERROR, policy.name(), "a helper cannot use top-level await:"
                    + " helpers are instantiated synchronously, also by an Action's require()"));
        }
        String anonymous = freshName(text, "d");
        String namespaces = freshName(text, "i");
        List<Edit> edits = new ArrayList<>();
        ModuleImports.Parsed imports = ModuleImports.parse(entries, text, namespaces);
        if (imports.refusal().isPresent()) {
            return Result.failed(refused(policy, text, imports.refusal().get().offset(), imports.refusal().get().message()));
        }
        imports.blanked().forEach(range -> edits.add(Edit.blank(range[0], range[1])));
        String defaultName = null;
        for (var entry : entries.getLocalExportEntries()) {
            if ("default".equals(String.valueOf(entry.getExportName()))) {
                String local = String.valueOf(entry.getLocalName());
                defaultName = local.equals("*default*") ? anonymous : local;
            }
        }
        List<String> exportNames = new ArrayList<>();
        List<String> exportLocals = new ArrayList<>();
        for (var entry : entries.getLocalExportEntries()) {
            String local = String.valueOf(entry.getLocalName());
            exportNames.add(String.valueOf(entry.getExportName()));
            exportLocals.add(local.equals("*default*") ? anonymous : local);
        }
        for (ExportNode export : distinct(entries.getExports())) {
            if (export.getModuleSpecifier() != null) {
                return Result.failed(refused(policy, text, export.getStart(), "re-exporting from another module is not"
                        + " available: import the names, then export them"));
            }
            if (export.getNamedExports() != null) {
                // export { a, b as default }: the names exist in scope already; only the default matters.
                edits.add(Edit.blank(export.getStart(), export.getFinish()));
            } else if (export.isDefault() && anonymous.equals(defaultName)) {
                // An expression or an unnamed function/class: bound to a name the file never uses.
                edits.add(new Edit(export.getStart(), afterDefaultKeyword(text, export.getStart()), "const " + anonymous + "="));
                edits.add(statementEnd(text, export.getFinish()));
            } else {
                // export const/let/var/function/class, export default function f: the declaration stays.
                int declaration = export.getVar() != null ? export.getVar().getStart() : export.getExpression().getStart();
                edits.add(Edit.blank(export.getStart(), declaration));
            }
        }
        if (text.startsWith("#!")) {
            // A hashbang may only start a file; inside the factory it would be a syntax error.
            edits.add(Edit.blank(0, lineEnd(text, 0)));
        }
        StringBuilder body = new StringBuilder(text);
        apply(body, edits);
        String head = String.format(async ? ASYNC_MODULE_HEAD : MODULE_HEAD, namespaces) + imports.bindings();
        String result = helper ? namespace(exportNames, exportLocals) : defaultName == null ? "undefined" : defaultName;
        String factory = head + body + "\nreturn " + result + ";" + TAIL;
        return verified(policy, new Compiled(policy, helper ? Kind.HELPER : Kind.MODULE, factory, async, head.length(),
                imports.requests(), helper ? List.copyOf(exportNames) : List.of()));
    }

    /**
     * A helper's namespace: a getter per export, so {@code import * as ns} reads the binding as it
     * is now, as an ES namespace does; the harness freezes it.
     */
    private static String namespace(List<String> names, List<String> locals) {
        StringBuilder text = new StringBuilder("{__proto__: null");
        for (int i = 0; i < names.size(); i++) {
            text.append(", get ").append(ModuleImports.quote(names.get(i))).append("() { return ").append(locals.get(i)).append("; }");
        }
        return text.append('}').toString();
    }

    private static Result action(PolicySource policy) {
        // As Node does: the file is the body of a function, so it must parse as one on its own.
        FunctionNode body = parser(policy.name(), policy.source(), false).parseFunctionBody(false, false);
        return verified(policy, new Compiled(policy, Kind.ACTION, ACTION_HEAD + policy.source() + ACTION_TAIL, false,
                ACTION_HEAD.length(), ModuleImports.requires(body, policy.source()), List.of()));
    }

    /** Whether {@code text} parses as a function body on its own, as a CommonJS file must. */
    static boolean isFunctionBody(String name, String text) {
        try {
            parser(name, text, false).parseFunctionBody(false, false);
            return true;
        } catch (ParserException notABody) {
            return false;
        }
    }

    /** The factory must parse as exactly one function expression spanning its whole text. */
    private static Result verified(PolicySource policy, Compiled compiled) {
        String text = compiled.factory();
        List<Statement> statements = parser(policy.name(), text, false).parse().getBody().getStatements();
        boolean whole = statements.size() == 1
                && statements.get(0) instanceof ExpressionStatement statement
                && statement.getExpression() instanceof FunctionNode function
                && function.getStart() <= 1 && function.getFinish() >= text.length() - 1;
        if (!whole) {
            return Result.failed(Failure.of(FailureCode.POLICY_ERROR, policy.name(),
                    "the file does not form one module: it closes a scope it did not open"));
        }
        return Result.of(compiled);
    }

    private static Parser parser(String name, String text, boolean strict) {
        ScriptEnvironment environment = ScriptEnvironment.builder()
                .ecmaScriptVersion(ScriptEnvironment.ES_STAGING)
                .strict(strict)
                .shebang(true)
                .allowBigInt(true)
                .annexB(true)
                .classFields(true)
                .privateFieldsIn(true)
                .topLevelAwait(true)
                .build();
        return new Parser(environment, com.oracle.js.parser.Source.sourceFor(name, text), new ErrorManager.ThrowErrorManager());
    }

    /** Several declarators of one {@code export const a, b} come back as one node each. */
    private static List<ExportNode> distinct(List<ExportNode> exports) {
        List<ExportNode> seen = new ArrayList<>();
        for (ExportNode export : exports) {
            if (seen.stream().noneMatch(s -> s.getStart() == export.getStart())) {
                seen.add(export);
            }
        }
        return seen;
    }

    /**
     * The end of {@code export default} from the start of {@code export}: the parse located the
     * statement, and between the two keywords and after them there are only blanks and comments.
     */
    private static int afterDefaultKeyword(String text, int exportStart) {
        int at = skipBlanks(text, exportStart + "export".length());
        if (!text.startsWith("default", at)) {
            throw new IllegalStateException("no default keyword after export at " + exportStart);
        }
        return at + "default".length();
    }

    /** JavaScript's white space and line terminators (ECMA-262 12.2, 12.3), not Java's idea of them. */
    private static int skipBlanks(String text, int from) {
        int at = from;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '\t' || c == 0x0B || c == '\f' || c == '\uFEFF' || Character.getType(c) == Character.SPACE_SEPARATOR
                    || isLineTerminator(c)) {
                at++;
            } else if (text.startsWith("//", at)) {
                at = lineEnd(text, at);
            } else if (text.startsWith("/*", at)) {
                int end = text.indexOf("*/", at + 2);
                at = end < 0 ? text.length() : end + 2;
            } else {
                break;
            }
        }
        return at;
    }

    /**
     * A name the file's text never mentions, for an anonymous default export; short enough that
     * {@code const NAME=} fits where {@code export default} stood, so no column moves.
     */
    private static String freshName(String text, String stem) {
        String name = "$" + stem + "$";
        for (int i = 0; text.contains(name); i++) {
            name = "$" + stem + i + "$";
        }
        return name;
    }

    /**
     * A semicolon after {@code export default function () {}} turned into an expression, so a
     * next line starting with {@code (} is not read as a call: in place of a following space, or
     * at the end of the line, where it moves no column anyone can see.
     */
    private static Edit statementEnd(String text, int end) {
        if (end < text.length() && text.charAt(end) == ' ') {
            return new Edit(end, end + 1, ";");
        }
        return new Edit(end, end, ";");
    }

    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
    }

    /** Where the line holding {@code from} ends: a comment or a hashbang ends at any line terminator. */
    private static int lineEnd(String text, int from) {
        int at = from;
        while (at < text.length() && !isLineTerminator(text.charAt(at))) {
            at++;
        }
        return at;
    }

    private static Failure refused(PolicySource policy, String text, int at, String message) {
        int[] position = lineAndColumn(text, at);
        return new Failure(FailureCode.POLICY_ERROR, message, policy.name(), position[0], position[1]);
    }

    private static Failure syntaxError(PolicySource policy, ParserException e) {
        String message = e.getMessage() == null ? "invalid syntax" : e.getMessage();
        String first = message.lines().findFirst().orElse(message);
        String prefix = policy.name() + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + " ";
        if (first.startsWith(prefix)) {
            first = first.substring(prefix.length());
        }
        // The parser counts columns from 0; editors and every other location we report count from 1.
        return new Failure(FailureCode.POLICY_ERROR, "SyntaxError: " + first, policy.name(), e.getLineNumber(),
                e.getColumnNumber() + 1);
    }

    /** Lines as the parser counts them: CR LF is one break; a lone CR, LS and PS are one each. */
    static int[] lineAndColumn(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            char c = text.charAt(i);
            if (isLineTerminator(c) && !(c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n')) {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }

    /** One replacement in the file's text; {@link #blank} keeps newlines so lines do not move. */
    private record Edit(int start, int end, String replacement) {
        static Edit blank(int start, int end) {
            return new Edit(start, end, null);
        }
    }

    private static void apply(StringBuilder text, List<Edit> edits) {
        edits.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end).reversed());
        for (Edit edit : edits) {
            String replaced = text.substring(edit.start(), edit.end());
            String replacement = edit.replacement() == null ? replaced.replaceAll("[^\\n\\r\\u2028\\u2029]", " ")
                    : keepLines(edit.replacement(), replaced);
            text.replace(edit.start(), edit.end(), replacement);
        }
    }

    /** The replacement, padded to the replaced length where it is shorter, with the replaced text's line breaks. */
    private static String keepLines(String replacement, String replaced) {
        String breaks = replaced.replaceAll("[^\\n\\r\\u2028\\u2029]", "");
        StringBuilder result = new StringBuilder(replacement);
        int pad = replaced.length() - breaks.length() - replacement.length();
        result.append(" ".repeat(Math.max(0, pad)));
        result.append(breaks);
        return result.toString();
    }
}
