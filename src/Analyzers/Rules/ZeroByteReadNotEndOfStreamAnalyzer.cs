using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Flow;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK006: a read on a connection inside a loop that reads the same connection again, whose result is discarded or
/// never tested so that the end-of-stream value (0, -1 or null) leaves the loop. After the peer's FIN every read
/// returns that value at once: the loop spins and the socket sits in CLOSE_WAIT.
/// </summary>
/// <remarks>
/// The loop is the innermost one around the read; it reads "the same connection again" when the variable the
/// connection comes down to (<see cref="ConnectionTable.OriginOf"/>) is neither declared nor assigned inside it (an
/// accept loop reads a new connection each time). Whether the end value leaves the loop is a question of the body's
/// control flow graph (<see cref="EndOfStreamPaths"/>); a loop of fixed count (<see cref="LoopBounds"/>) is not judged.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ZeroByteReadNotEndOfStreamAnalyzer : ConnectionFlowAnalyzer
{
    /// <summary>Diagnostic property: the read's end-of-stream value as C# ("0", "-1" or "null").</summary>
    public const string EndValueProperty = "EndValue";

    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.ZeroByteReadNotEndOfStream, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    protected override void Report(OperationBlockAnalysisContext context, ConnectionFlowResult result, ConnectionSemantics semantics)
    {
        var paths = new EndOfStreamPaths(result, context.CancellationToken);
        foreach (var (read, endValue) in BodyFacts.Of(BodyFacts.RootOf(result.Graph.OriginalOperation), semantics).EndOfStreamReads)
        {
            // The body's facts list the reads of its lambdas and local functions too: each is judged in its own graph.
            if (paths.ConnectionOf(read.Syntax) is not { } connection ||
                EnclosingReadLoop(read) is not { } loop ||
                // A loop of fixed count cannot spin: at the end of the stream its remaining rounds read nothing and it ends.
                LoopBounds.IsFixedCount(loop) ||
                // Half-typed code: what the loop does with the result cannot be told.
                HasErrors(loop) ||
                paths.OriginOf(read.Syntax) is not { } origin || IsRenewedInside(loop, origin))
            {
                continue;
            }

            context.CancellationToken.ThrowIfCancellationRequested();
            if (paths.ReadsAgainWithoutLeaving(read.Syntax, endValue, loop))
            {
                Report(context, read, read.Instance!, endValue, result.Connections.MembersOf(connection));
            }
        }
    }

    private static void Report(OperationBlockAnalysisContext context, IInvocationOperation read, IOperation receiver, object? endValue, ImmutableArray<ISymbol> members)
    {
        var endText = endValue is null ? "null" : ((int)endValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var properties = ImmutableDictionary<string, string?>.Empty.Add(EndValueProperty, endText);
        var call = receiver.IsImplicit ? read.TargetMethod.Name : receiver.Syntax + "." + read.TargetMethod.Name;
        // The fixer finds the connection's members at their declarations (ConnectionFixData).
        context.ReportDiagnostic(ConnectionFixData.Create(Rule, read.Syntax.GetLocation(), context.Compilation, members, properties, call, endText));
    }

    /// <summary>
    /// The innermost loop that runs the read again. A lambda or local function in between runs on its own: none; a
    /// for loop's initializers and a foreach loop's collection run once before their loop: none either.
    /// </summary>
    private static ILoopOperation? EnclosingReadLoop(IOperation read)
    {
        var child = read;
        for (var parent = read.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case IForLoopOperation forLoop when forLoop.Before.Contains(child):
                case IForEachLoopOperation forEach when forEach.Collection == child:
                    // Run once before that loop, which is itself inside the loop that runs the read again: not judged.
                    return null;
                case ILoopOperation loop:
                    return loop;
            }
        }

        return null;
    }

    private static bool HasErrors(IOperation loop) =>
        loop.Syntax.ContainsDiagnostics ||
        loop.Descendants().Any(operation => operation is IInvalidOperation || operation.Type is { TypeKind: TypeKind.Error });

    /// <summary>
    /// Whether the loop starts over with another connection: the root is declared inside it (an accept loop, a foreach
    /// over clients) or assigned in it.
    /// </summary>
    private static bool IsRenewedInside(ILoopOperation loop, ISymbol root)
    {
        if (root is ILocalSymbol local && local.DeclaringSyntaxReferences.Any(reference =>
                reference.SyntaxTree == loop.Syntax.SyntaxTree && loop.Syntax.Span.Contains(reference.Span)))
        {
            return true;
        }

        foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(loop))
        {
            IOperation? target = operation switch
            {
                ISimpleAssignmentOperation assignment => assignment.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument => argument.Value,
                _ => null,
            };
            if (target is not null && ValueOrigins.VariableOf(target) is { } assigned && SymbolEqualityComparer.Default.Equals(assigned, root))
            {
                return true;
            }
        }

        return false;
    }

}
