using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK003: a socket error identified by its (localized) message text or its per-OS native number, where the
/// exception is or may wrap a SocketException. Reported at the comparison, the call or the case label; what the
/// fixer needs is passed in <see cref="Diagnostic.Properties"/> and <see cref="Diagnostic.AdditionalLocations"/>
/// (see <see cref="FixData"/>). Each operation block is read by a <see cref="SocketErrorByTextOrNumberBlock"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketErrorByTextOrNumberAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.SocketErrorByTextOrNumber, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var semantics = ConnectionSemantics.For(start.Compilation, start.Options);
            if (semantics?.Model is not { SocketException: not null, Exception: not null, SocketError: not null })
            {
                return;
            }

            start.RegisterOperationBlockStartAction(block =>
            {
                // The early bail-out: a comparison is judged only when it reads an exception's number or text.
                if (block.OperationBlocks.IsEmpty)
                {
                    return;
                }

                // Options are the analyzed file's own.
                var fileSemantics = semantics.ForTree(block.OperationBlocks[0].Syntax.SyntaxTree);
                if (!ReadsExceptionDetail(block.OperationBlocks, fileSemantics))
                {
                    return;
                }

                var analysis = new SocketErrorByTextOrNumberBlock(fileSemantics);
                block.RegisterOperationAction(
                    analysis.Analyze,
                    OperationKind.Binary,
                    OperationKind.Invocation,
                    OperationKind.IsPattern,
                    OperationKind.Switch,
                    OperationKind.SwitchExpression,
                    OperationKind.PropertySubpattern);
            });
        });
    }

    private static bool ReadsExceptionDetail(ImmutableArray<IOperation> blocks, ConnectionSemantics semantics)
    {
        foreach (var block in blocks)
        {
            if (BodyFacts.Of(BodyFacts.RootOf(block), semantics).ReadsExceptionDetail)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The contract with the code fix. Properties: <see cref="Meaning"/> (a SocketError member name) when the
    /// comparison names a single one; <see cref="Shape"/>, <see cref="Form"/> and <see cref="Negated"/> only when a
    /// fix that compiles can be written. Additional locations: [0] the exception expression (for
    /// <see cref="FormSubpattern"/>: the recursive pattern), [1] the node to rewrite.
    /// </summary>
    public static class FixData
    {
        public const string Meaning = "Meaning";
        public const string Shape = "Shape";
        public const string Form = "Form";
        public const string Negated = "Negated";

        /// <summary>The exception is a SocketException: <c>e.SocketErrorCode == SocketError.X</c>.</summary>
        public const string ShapeSocketException = "SocketException";

        /// <summary>The exception may itself be the SocketException (Win32Exception, <c>InnerException</c>): <c>e is SocketException { ... }</c>.</summary>
        public const string ShapeIs = "Is";

        /// <summary>An IOException from a stream: <c>e.InnerException is SocketException { ... }</c>.</summary>
        public const string ShapeInner = "Inner";

        /// <summary>An Exception: the SocketException itself or an IOException's inner one.</summary>
        public const string ShapeSelfOrInner = "SelfOrInner";

        /// <summary>Replace the bool expression at [1] with the SocketErrorCode check.</summary>
        public const string FormCheck = "Check";

        /// <summary>Replace the <c>(SocketError)e.ErrorCode</c> cast at [1] with <c>e.SocketErrorCode</c>.</summary>
        public const string FormCast = "Cast";

        /// <summary>Replace the property subpattern at [1] (and the type of the recursive pattern at [0] for <see cref="ShapeIs"/>).</summary>
        public const string FormSubpattern = "Subpattern";

        /// <summary>Switch on <c>e.SocketErrorCode</c> (statement or expression at [1]) with every label rewritten.</summary>
        public const string FormSwitch = "Switch";
    }
}
