package io.interlock.engine;

import com.oracle.js.parser.TokenType;
import com.oracle.js.parser.ir.CallNode;
import com.oracle.js.parser.ir.FunctionNode;
import com.oracle.js.parser.ir.IdentNode;
import com.oracle.js.parser.ir.LexicalContext;
import com.oracle.js.parser.ir.UnaryNode;
import com.oracle.js.parser.ir.visitor.NodeVisitor;
import java.util.Optional;

/**
 * What a policy's module means but its factory would not: the factory is a strict function in a
 * script, so its text is read under the script goal and its top level has a function's own
 * bindings. Found in GraalJS's parse of the file as a module, the first such construct refuses
 * the policy at load, by name and position.
 *
 * <p>Everything else reads alike, which is why the list is this short: strict code drops the
 * sloppy-only Annex B rules in both; {@code this} is undefined in both (the harness calls the
 * factory with no receiver); what a module refuses ({@code new.target}, {@code await} or
 * {@code yield} as a name, {@code -->} at a line start, a top-level {@code return}) never
 * reaches a factory; and the factory's tail starts on a line of its own.
 */
final class ModuleReading {

    /** The offset in the file of a construct the factory would read differently, and why. */
    record Disagreement(int offset, String message) {}

    private ModuleReading() {}

    static Optional<Disagreement> first(FunctionNode module, String text) {
        Finder finder = new Finder(text);
        module.accept(finder);
        return Optional.ofNullable(finder.found);
    }

    private static final class Finder extends NodeVisitor<LexicalContext> {
        private final String text;
        private Disagreement found;

        Finder(String text) {
            super(new LexicalContext());
            this.text = text;
        }

        /** At the module's own level, arrow functions included: they have no arguments of their own. */
        private boolean atTopLevel() {
            return lc.getCurrentNonArrowFunction().isModule();
        }

        private boolean report(int offset, String message) {
            if (found == null || offset < found.offset()) {
                found = new Disagreement(offset, message);
            }
            return true;
        }

        @Override
        public boolean enterUnaryNode(UnaryNode node) {
            // In a module `<!--` can only be `<` `!` `--`; under the script goal (Annex B B.1.1) it
            // starts a comment that hides the rest of the line.
            int at = node.getStart() - 1;
            if (node.tokenType() == TokenType.NOT && at >= 0 && text.startsWith("<!--", at)) {
                return report(at, "`<!--` is `<`, `!` and `--` in a module, but Interlock runs a policy as a function"
                        + " in a script, where it starts an HTML-like comment; write `< !--`");
            }
            return true;
        }

        @Override
        public boolean enterIdentNode(IdentNode node) {
            if (node.isArguments() && !node.isPropertyName() && atTopLevel()) {
                return report(node.getStart(), "`arguments` outside a function is not defined in a module, but Interlock"
                        + " runs a policy as a function, whose own arguments it would be; use it inside a function");
            }
            if (node.isImportMeta()) {
                return report(node.getStart(), "import.meta is not available in policies: they are not loaded from a URL");
            }
            return true;
        }

        @Override
        public boolean enterCallNode(CallNode node) {
            if (node.isEval() && atTopLevel()) {
                return report(node.getStart(), "a direct eval() outside a function would see the function Interlock runs"
                        + " a policy as (its arguments, new.target), which a module does not have; call eval inside a"
                        + " function, or indirectly: (0, eval)(…)");
            }
            return true;
        }
    }
}
