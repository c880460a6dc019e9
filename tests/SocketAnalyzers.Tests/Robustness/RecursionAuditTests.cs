using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketAnalyzers.Tests.Meta;
using Xunit;

namespace SocketAnalyzers.Tests.Robustness;

/// <summary>
/// Every recursion in the analyzers and code fixes, found from their source (cycles of the call graph between the
/// project's own methods), must be one whose bound is written down here. A new recursion fails this test until its
/// bound is explicit (a depth or step counter, a visited set, a nesting limit) and listed; a stack overflow cannot
/// be caught, so the compiler or IDE hosting the analyzer would die with it.
/// </summary>
public sealed class RecursionAuditTests
{
    private static readonly Dictionary<string, string> BoundedRecursions = new(StringComparer.Ordinal)
    {
        ["AbortiveCloseAnalyzer.LocalStateBefore <-> AbortiveCloseAnalyzer.StateOf"] = "steps counter, decremented per local followed",
        ["Completion.LastOperationIn"] = "depth > OperationChains.MaxNesting (SOCK010: && chains)",
        ["Completion.OutcomeOf"] = "depth > OperationChains.MaxNesting (SOCK010: !, && and || nesting)",
        ["ClassificationHelpers.NamesChecked"] = "visited set and depth (helper calls)",
        ["ComparedConstants.CollectFromCollection <-> ComparedConstants.CollectFromInitializer"] = "depth > MaxSteps",
        ["ConnectionNotClosedAnalyzer.ConnectedTestedIn"] = "depth > OperationChains.MaxNesting (&& chains)",
        ["ConnectionNotClosedAnalyzer.NamesMember"] = "once: depth == 0 for the one x.Client step",
        ["ConnectionErrorExceptions.MayHoldConnectionError"] = "depth > MaxSteps",
        ["ConnectionFlowAnalysis.CompletionFailedWhen"] = "once: negations are stripped by a loop, the inner call has none",
        ["ConnectionFlowAnalysis.ReadsNothingLeftWhen"] = "once: negations are stripped by a loop, the inner call has none",
        ["ConnectionFlowAnalysis.Run <-> ConnectionFlowAnalysis.SeedHandlers <-> ConnectionFlowAnalysis.ThroughFinally"] = "finally regions nested; graphs with more than MaxFinallyNesting are not analyzed",
        ["ConnectionSemantics.BodyAcquires <-> ConnectionSemantics.ConstructorAcquires <-> ConnectionSemantics.FieldInitializersAcquire"] = "depth > MaxOwnershipDepth (constructors chained or nested)",
        ["ConnectionSemantics.ComputeIsConnectionMember <-> ConnectionSemantics.ComputeIsSessionType"] = "depth < 2 on every step into another type",
        ["ConnectionSemantics.EffectOnReceiver <-> ConnectionSemantics.SummarizeBody <-> ConnectionSemantics.SummarizeImplementations <-> ConnectionSemantics.Summary"] = "visited set and MaxSummaryDepth",
        ["ConnectionTable.ResolveSymbol"] = "depth > 8",
        ["ExceptionFilters.AdmitsOnlyTransientErrors"] = "chains read by a loop; nesting > OperationChains.MaxNesting and MaxSummaryDepth helper calls",
        ["ExceptionFilters.PatternAdmitsOnlyTransient"] = "chains read by a loop; nesting > OperationChains.MaxNesting",
        ["ExceptionSources.Direct <-> ExceptionSources.OfInvocation <-> ExceptionSources.OfMethod <-> ExceptionSources.OfProperty <-> ExceptionSources.Scan <-> ExceptionSources.ScanTryBody"] = "visited set and MaxSummaryDepth for calls; try nesting > OperationChains.MaxNesting is Unknown",
        ["Judge.IsCallOnWritePath <-> Judge.IsUsedOnWritePath"] = "visited set of at most ClassificationHelpers.MaxDepth helpers",
        ["ScanTarget.ExistingSpelling"] = "the path's parent: one level shorter on each call, to the root",
        ["Scanner.SourceOnlyAsync"] = "project references, with a visited set of projects",
        ["Search.Branches <-> Search.Follow <-> Search.LeavesFinally <-> Search.Resume <-> Search.RunBlock <-> Search.RunFrom <-> Search.Side"] = "EndOfStreamPaths: Enter(): MaxDepth and MaxSteps give up",
        ["Search.Evaluate <-> Search.EvaluateBinary <-> Search.EvaluateNested"] = "EndOfStreamPaths: nesting > OperationChains.MaxNesting gives up",
        ["Search.Matches"] = "EndOfStreamPaths: nesting > OperationChains.MaxNesting gives up",
        ["SocketErrorByTextOrNumberFixes.IsRewritable"] = "depth > MaxSteps",
        ["SocketErrorChecks.Collect"] = "nesting > OperationChains.MaxNesting (the one pattern reader of error checks)",
        ["SocketErrorChecks.RootOf"] = "steps < MaxSteps, carried into the recursive call",
        ["WritePaths.GuardIn"] = "once: a chain of the guarding operator is read by a loop, operands of the other operator are not followed",
    };

    [Fact]
    public void Every_recursion_in_the_analyzers_and_fixes_has_a_written_bound()
    {
        var cycles = FindCycles(RepositoryRoot.File("src"));

        var unlisted = cycles.Where(cycle => !BoundedRecursions.ContainsKey(cycle)).ToList();
        var gone = BoundedRecursions.Keys.Where(cycle => !cycles.Contains(cycle)).ToList();
        Assert.True(unlisted.Count == 0, "recursions without a written bound (bound them, then list them here):" + Environment.NewLine + string.Join(Environment.NewLine, unlisted));
        Assert.True(gone.Count == 0, "listed recursions that no longer exist (remove them from the list):" + Environment.NewLine + string.Join(Environment.NewLine, gone));
    }

    [Fact]
    public void The_audit_finds_a_recursion_through_two_methods()
    {
        var folder = Directory.CreateTempSubdirectory("socketanalyzers-audit-").FullName;
        File.WriteAllText(Path.Combine(folder, "Walk.cs"), "class Walk { int A(int n) => n > 0 ? B(n - 1) : 0; int B(int n) => A(n); int C() => 1; }");

        Assert.Equal(new[] { "Walk.A <-> Walk.B" }, FindCycles(folder));
    }

    /// <summary>Strongly connected components of the call graph of the source methods (and local functions) under a folder.</summary>
    private static HashSet<string> FindCycles(string folder)
    {
        var trees = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                           !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(LanguageVersion.Latest), path))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("Audit", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var calls = new Dictionary<ISymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().Where(node => node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax { ExpressionBody: not null }))
            {
                if (model.GetDeclaredSymbol(declaration) is not { } caller)
                {
                    continue;
                }

                var callees = calls.TryGetValue(caller, out var known) ? known : calls[caller] = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                // A local function's body is its own node; a lambda's is its enclosing method's.
                foreach (var node in declaration.DescendantNodes(node => node == declaration || node is not LocalFunctionStatementSyntax))
                {
                    var target = model.GetSymbolInfo(node).Symbol switch
                    {
                        IPropertySymbol property => property.GetMethod,
                        IMethodSymbol method => method,
                        _ => null,
                    };
                    if (target?.OriginalDefinition is { } callee && callee.Locations.Any(location => location.IsInSource))
                    {
                        callees.Add(callee);
                    }
                }
            }
        }

        return StronglyConnected(calls)
            .Where(component => component.Count > 1 || calls.TryGetValue(component[0], out var own) && own.Contains(component[0]))
            .Select(component => string.Join(" <-> ", component.Select(Name).Distinct().OrderBy(name => name, StringComparer.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string Name(ISymbol method) =>
        $"{method.ContainingType?.Name}.{(method is IMethodSymbol { AssociatedSymbol: { } property } ? property.Name : method.Name)}";

    /// <summary>Tarjan's algorithm with an explicit stack (an audit of recursion had better not recurse without bound).</summary>
    private static List<List<ISymbol>> StronglyConnected(Dictionary<ISymbol, HashSet<ISymbol>> calls)
    {
        var index = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        var low = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        var onStack = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var stack = new Stack<ISymbol>();
        var components = new List<List<ISymbol>>();
        var next = 0;
        foreach (var start in calls.Keys)
        {
            if (index.ContainsKey(start))
            {
                continue;
            }

            var work = new Stack<(ISymbol Node, IEnumerator<ISymbol> Callees)>();
            index[start] = low[start] = next++;
            stack.Push(start);
            onStack.Add(start);
            work.Push((start, Callees(start).GetEnumerator()));
            while (work.Count > 0)
            {
                var (node, callees) = work.Peek();
                if (callees.MoveNext())
                {
                    var callee = callees.Current;
                    if (!index.ContainsKey(callee))
                    {
                        index[callee] = low[callee] = next++;
                        stack.Push(callee);
                        onStack.Add(callee);
                        work.Push((callee, Callees(callee).GetEnumerator()));
                    }
                    else if (onStack.Contains(callee))
                    {
                        low[node] = Math.Min(low[node], index[callee]);
                    }

                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<ISymbol>();
                    ISymbol member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (!SymbolEqualityComparer.Default.Equals(member, node));
                    components.Add(component);
                }
            }
        }

        return components;

        IEnumerable<ISymbol> Callees(ISymbol node) => calls.TryGetValue(node, out var callees) ? callees : Enumerable.Empty<ISymbol>();
    }
}
