using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK004: <c>catch (SocketException)</c> around a try block that reaches connections only through streams,
/// readers and writers. They report socket errors as an IOException whose InnerException is the SocketException, so
/// the clause never runs. Silent when another clause of the same try takes IOException (or a base of it), and when
/// the try block can throw a SocketException itself (see <see cref="ExceptionSources"/>). A mixed try — Socket calls and
/// stream I/O both written in the try block, nothing of the project's code that may throw a SocketException — is
/// reported with its own message: the clause takes the Socket calls' errors, not the stream's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketExceptionCatchAroundStreamAnalyzer : DiagnosticAnalyzer
{
    private const int MaxShownLength = 60;

    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.SocketExceptionCatchAroundStream, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var semantics = ConnectionSemantics.For(start.Compilation, start.Options);
            if (semantics?.Model is not { SocketException: not null, IOException: not null })
            {
                return;
            }

            start.RegisterOperationAction(
                // Options are the analyzed file's own.
                operation => AnalyzeTry(operation, semantics.Model, ExceptionSources.For(semantics.ForTree(operation.Operation.Syntax.SyntaxTree))),
                OperationKind.Try);
        });
    }

    /// <summary>
    /// Whether this rule reports <paramref name="clause"/>: other rules do not judge what such a clause handles
    /// (one finding per mistake).
    /// </summary>
    internal static bool Reports(ICatchClauseOperation clause, ConnectionSemantics semantics) =>
        semantics.Model.IsSocketException(clause.ExceptionType) &&
        clause.Parent is ITryOperation tryOperation &&
        SocketExceptionClausesNeverRun(tryOperation, semantics.Model, ExceptionSources.For(semantics), out _);

    private static void AnalyzeTry(OperationAnalysisContext context, ConnectionModel model, ExceptionSources sources)
    {
        var tryOperation = (ITryOperation)context.Operation;
        if (!SocketExceptionClausesUnprotected(tryOperation, model))
        {
            return;
        }

        IOperation? socketCall = null;
        if (!sources.ReachesConnectionsOnlyThroughStreams(tryOperation, out var streamIo) &&
            (streamIo = sources.StreamIoBesideSocketCalls(tryOperation, out socketCall)) is null ||
            streamIo is null)
        {
            return;
        }

        // Never runs: the try reaches connections only through streams. Mixed: it runs for the Socket calls only.
        var shown = Shown(streamIo);
        var verdict = socketCall is null ? LocalizedText.Format("SOCK004_NeverRuns") : LocalizedText.Format("SOCK004_RunsOnlyFor", Shown(socketCall));
        var properties = socketCall is null ? ImmutableDictionary<string, string?>.Empty : FixData.Mixed;
        foreach (var clause in tryOperation.Catches)
        {
            if (model.IsSocketException(clause.ExceptionType) && clause.Syntax is CatchClauseSyntax { Declaration.Type: { } type })
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, type.GetLocation(), properties, shown, verdict));
            }
        }
    }

    /// <summary>
    /// Whether the <c>catch (SocketException)</c> clauses of <paramref name="tryOperation"/> are a mistake to report:
    /// the try block reaches connections only through streams, no other clause takes IOException (or a base of it),
    /// and the statement is complete and fully typed. <paramref name="firstStreamIo"/> is the first stream call of
    /// the try block. False when the try has no SocketException clause.
    /// </summary>
    private static bool SocketExceptionClausesNeverRun(ITryOperation tryOperation, ConnectionModel model, ExceptionSources sources, out IOperation? firstStreamIo)
    {
        firstStreamIo = null;
        return SocketExceptionClausesUnprotected(tryOperation, model) && sources.ReachesConnectionsOnlyThroughStreams(tryOperation, out firstStreamIo);
    }

    /// <summary>
    /// Whether <paramref name="tryOperation"/> has a <c>catch (SocketException)</c> clause and no clause that takes
    /// IOException (or a base of it), and the statement is complete and fully typed.
    /// </summary>
    private static bool SocketExceptionClausesUnprotected(ITryOperation tryOperation, ConnectionModel model)
    {
        if (tryOperation.Syntax.ContainsDiagnostics)
        {
            // Half-typed: the statement does not parse completely.
            return false;
        }

        var anySocketClause = false;
        foreach (var clause in tryOperation.Catches)
        {
            var caught = clause.ExceptionType;
            if (caught is null || caught.TypeKind == TypeKind.Error)
            {
                // What the clause takes is unknown.
                return false;
            }

            if (model.IsSocketException(caught))
            {
                anySocketClause = true;
            }
            else if (ExceptionSources.Catches(caught, model.IOException))
            {
                // The stream's IOException is handled here (IOException, SystemException, Exception, catch { }).
                return false;
            }
        }

        return anySocketClause;
    }

    /// <summary>What the fixer reads from a diagnostic.</summary>
    internal static class FixData
    {
        /// <summary>Present (any value) when the try block also calls Socket members: the fix adds an IOException clause beside each SocketException clause instead of replacing it.</summary>
        public const string MixedProperty = "Mixed";

        public static readonly ImmutableDictionary<string, string?> Mixed =
            ImmutableDictionary<string, string?>.Empty.Add(MixedProperty, "true");
    }

    /// <summary>The call as the reader wrote it, without its arguments, on one line: <c>stream.WriteAsync</c>.</summary>
    private static string Shown(IOperation operation)
    {
        var syntax = operation.Syntax switch
        {
            InvocationExpressionSyntax invocation => invocation.Expression,
            ObjectCreationExpressionSyntax creation => creation.Type,
            var other => other,
        };

        var text = new StringBuilder();
        var pendingSpace = false;
        foreach (var character in syntax.ToString())
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = text.Length > 0;
                continue;
            }

            if (pendingSpace && character != '.' && text[text.Length - 1] != '.')
            {
                text.Append(' ');
            }

            pendingSpace = false;
            text.Append(character);
        }

        return text.Length <= MaxShownLength ? text.ToString() : text.ToString(0, MaxShownLength) + "...";
    }
}
