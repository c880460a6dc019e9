using System;
using System.Collections.Generic;
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
/// connection comes down to (<see cref="ConnectionRoots"/>) is neither declared nor assigned inside it (an accept loop
/// reads a new connection each time). Whether the end value leaves the loop is decided by walking the statements that
/// run after the read, on the assumption that it returned the end value (<see cref="EndOfStreamWalk"/>).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ZeroByteReadNotEndOfStreamAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the read's end-of-stream value as C# ("0", "-1" or "null").</summary>
    public const string EndValueProperty = "EndValue";

    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.ZeroByteReadNotEndOfStream, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var semantics = ConnectionSemantics.For(start.Compilation, start.Options);
            if (semantics is null)
            {
                return;
            }

            start.RegisterOperationBlockAction(block =>
            {
                if (!block.OperationBlocks.IsEmpty)
                {
                    // Options are the analyzed file's own.
                    AnalyzeBlock(block, semantics.ForTree(block.OperationBlocks[0].Syntax.SyntaxTree));
                }
            });
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, ConnectionSemantics semantics)
    {
        foreach (var block in context.OperationBlocks)
        {
            ConnectionRoots? roots = null;
            foreach (var (read, endValue) in BodyFacts.Of(BodyFacts.RootOf(block), semantics).EndOfStreamReads)
            {
                if (!IsInside(read, block) || EnclosingReadLoop(read) is not { } loop ||
                    // A loop of fixed count cannot spin: at the end of the stream its remaining rounds read nothing and it ends.
                    LoopBounds.IsFixedCount(loop))
                {
                    continue;
                }

                var receiver = read.Instance!;

                if (HasErrors(loop))
                {
                    // Half-typed code: what the loop does with the result cannot be told.
                    continue;
                }

                roots ??= new ConnectionRoots(semantics, LocalValues(block));
                var root = roots.RootOf(receiver);
                if (root is null || IsRenewedInside(loop, root))
                {
                    continue;
                }

                context.CancellationToken.ThrowIfCancellationRequested();
                if (new EndOfStreamWalk(read, endValue, root, roots, loop).LeavesLoop())
                {
                    continue;
                }

                Report(context, semantics, read, receiver, endValue, root, roots);
            }
        }
    }

    private static void Report(OperationBlockAnalysisContext context, ConnectionSemantics semantics, IInvocationOperation read, IOperation receiver, object? endValue, ISymbol root, ConnectionRoots roots)
    {
        var endText = endValue is null ? "null" : ((int)endValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var members = ConnectionMembers(read, root, roots, semantics);
        var properties = ImmutableDictionary<string, string?>.Empty.Add(EndValueProperty, endText);
        var call = receiver.IsImplicit ? read.TargetMethod.Name : receiver.Syntax + "." + read.TargetMethod.Name;
        // The fixer finds the connection's members at their declarations (ConnectionFixData).
        context.ReportDiagnostic(ConnectionFixData.Create(Rule, read.Syntax.GetLocation(), context.Compilation, members, properties, call, endText));
    }

    /// <summary>Whether the operation is below <paramref name="block"/> (the facts list the reads of the whole body).</summary>
    private static bool IsInside(IOperation operation, IOperation block)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent == block)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The innermost loop that runs the read again: a for loop's initializers and a foreach loop's collection run once,
    /// so a read there belongs to the loop outside. A lambda or local function in between runs on its own: none.
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
                    continue;
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
            if (target is not null && ConnectionRoots.SymbolOf(target) is { } assigned && SymbolEqualityComparer.Default.Equals(assigned, root))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The variables (owner first) that hold the read's connection, for the fixer's close sequence.</summary>
    private static List<ISymbol> ConnectionMembers(IInvocationOperation read, ISymbol root, ConnectionRoots roots, ConnectionSemantics semantics)
    {
        var body = read.Parent;
        while (body?.Parent is not null && body is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
        {
            body = body.Parent;
        }

        var members = new List<ISymbol> { root };
        if (body is not null)
        {
            foreach (var operation in body.Descendants())
            {
                if (ConnectionRoots.SymbolOf(operation) is { } symbol && !members.Contains(symbol, SymbolEqualityComparer.Default) &&
                    SymbolEqualityComparer.Default.Equals(roots.RootOf(symbol), root))
                {
                    members.Add(symbol);
                }
            }
        }

        return members
            .Select((symbol, index) => (symbol, index))
            .OrderBy(member => Rank(member.symbol, semantics))
            .ThenBy(member => member.index)
            .Select(member => member.symbol)
            .ToList();
    }

    /// <summary>Socket/TcpClient first, then NetworkStream, other connection types, streams, readers and writers.</summary>
    private static int Rank(ISymbol symbol, ConnectionSemantics semantics)
    {
        var type = symbol switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        var model = semantics.Model;
        if (ConnectionModel.InheritsFrom(type, model.Socket) || ConnectionModel.InheritsFrom(type, model.TcpClient))
            return 0;
        if (ConnectionModel.InheritsFrom(type, model.NetworkStream))
            return 1;
        if (semantics.IsConnectionType(type))
            return 2;
        if (ConnectionModel.InheritsFrom(type, model.Stream))
            return 3;
        return 4;
    }

    /// <summary>Locals assigned once in the block, lambdas and local functions included (a local assigned in two of them is left out).</summary>
    private static IReadOnlyDictionary<ILocalSymbol, IOperation> LocalValues(IOperation block)
    {
        var values = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
        var repeated = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var body in block.DescendantsAndSelf())
        {
            if (body != block && body is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            {
                continue;
            }

            foreach (var pair in ConnectionSemantics.LocalAliases(body))
            {
                if (!values.ContainsKey(pair.Key))
                {
                    values.Add(pair.Key, pair.Value);
                }
                else
                {
                    repeated.Add(pair.Key);
                }
            }
        }

        foreach (var local in repeated)
        {
            values.Remove(local);
        }

        return values;
    }
}
