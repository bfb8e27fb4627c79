package io.interlock.engine;

import com.oracle.js.parser.ir.CallNode;
import com.oracle.js.parser.ir.FunctionNode;
import com.oracle.js.parser.ir.IdentNode;
import com.oracle.js.parser.ir.ImportNode;
import com.oracle.js.parser.ir.LexicalContext;
import com.oracle.js.parser.ir.LiteralNode;
import com.oracle.js.parser.ir.Module;
import com.oracle.js.parser.ir.visitor.NodeVisitor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a module imports and an Action requires, read from GraalJS's parse (see {@link PolicyCompiler}).
 *
 * <p>An {@code import} declaration is blanked where it stands and its bindings become constants
 * at the head of the factory, read from the namespaces the factory is called with: they exist
 * before any of the file's code runs, as imports are hoisted, and assigning one throws, as
 * assigning an import does. A named import is the export's value when the importer's instance
 * starts (the helper has finished its top level by then, there being no cycles); {@code import *
 * as ns} reads every export as it is now.
 */
final class ModuleImports {

    /** Where the parse found something the factory cannot take, and why. */
    record Refusal(int offset, String message) {}

    /**
     * The requests in order (the factory's namespaces), the head's constants, the ranges of
     * text to blank ({@code [start, end]}), or a refusal.
     */
    record Parsed(List<PolicyCompiler.Request> requests, String bindings, List<int[]> blanked, Optional<Refusal> refusal) {
        static Parsed refused(int offset, String message) {
            return new Parsed(List.of(), "", List.of(), Optional.of(new Refusal(offset, message)));
        }
    }

    private ModuleImports() {}

    static Parsed parse(Module module, String text, String namespaces) {
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, Integer> offsets = new LinkedHashMap<>();
        List<int[]> blanked = new ArrayList<>();
        for (ImportNode node : module.getImports()) {
            if (node.getAttributes() != null && !node.getAttributes().isEmpty()) {
                return Parsed.refused(node.getStart(), "import attributes (with {…}) are not available: helpers are"
                        + " JavaScript modules; shared data goes in policies/data/*.json");
            }
            String specifier = String.valueOf(node.getModuleSpecifier().getValue());
            index.putIfAbsent(specifier, index.size());
            offsets.putIfAbsent(specifier, node.getModuleSpecifier().getStart());
            // the node ends before the specifier's closing quote, which must go too
            blanked.add(new int[] {node.getStart(), Math.max(node.getFinish(), node.getModuleSpecifier().getFinish())});
        }
        Map<String, List<String>> names = new LinkedHashMap<>();
        index.keySet().forEach(s -> names.put(s, new ArrayList<>()));
        List<String> constants = new ArrayList<>();
        for (Module.ImportEntry entry : module.getImportEntries()) {
            String specifier = String.valueOf(entry.getModuleRequest().specifier());
            Integer at = index.get(specifier);
            if (at == null || entry.getModuleRequest().phase() != Module.ImportPhase.Evaluation) {
                return Parsed.refused(offsets.getOrDefault(specifier, 0), "only plain imports are available (not 'import source'"
                        + " or 'import defer')");
            }
            String imported = String.valueOf(entry.getImportName());
            String namespace = namespaces + "[" + at + "]";
            boolean whole = Module.STAR_NAME.equals(entry.getImportName());
            names.get(specifier).add(whole ? "*" : imported);
            constants.add(entry.getLocalName() + "=" + (whole ? namespace : namespace + "[" + quote(imported) + "]"));
        }
        List<PolicyCompiler.Request> requests = new ArrayList<>();
        for (String specifier : index.keySet()) {
            int[] position = PolicyCompiler.lineAndColumn(text, offsets.get(specifier));
            requests.add(new PolicyCompiler.Request(specifier, position[0], position[1], List.copyOf(names.get(specifier))));
        }
        String bindings = constants.isEmpty() ? "" : "const " + String.join(",", constants) + ";";
        return new Parsed(requests, bindings, blanked, Optional.empty());
    }

    /**
     * The relative files an Action requires by a literal name ({@code require('../lib/mail.js')}),
     * in order, each once: those are the helpers it may use, loaded with it. Package names and
     * built-ins stay with Node's resolution.
     */
    static List<PolicyCompiler.Request> requires(FunctionNode body, String text) {
        Map<String, PolicyCompiler.Request> found = new LinkedHashMap<>();
        body.accept(new NodeVisitor<>(new LexicalContext()) {
            @Override
            public boolean enterCallNode(CallNode call) {
                if (call.getFunction() instanceof IdentNode callee && "require".equals(callee.getName())
                        && call.getArgs().size() == 1 && call.getArgs().get(0) instanceof LiteralNode<?> literal
                        && literal.isString()) {
                    String specifier = String.valueOf(literal.getValue());
                    if (specifier.startsWith("./") || specifier.startsWith("../")) {
                        int[] position = PolicyCompiler.lineAndColumn(text, literal.getStart());
                        found.putIfAbsent(specifier, new PolicyCompiler.Request(specifier, position[0], position[1], List.of("*")));
                    }
                }
                return true;
            }
        });
        return List.copyOf(found.values());
    }

    /**
     * A JavaScript string literal of {@code text} in printable ASCII, every other character
     * escaped: the text comes from files or requests and is written into generated source, where
     * it must stay one literal whatever it holds (quotes, line terminators, lone surrogates).
     */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }
}
