using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketAnalyzers.Model;

/// <summary>
/// The invocations written in one syntax tree, by the simple name they call, and the names the tree mentions
/// otherwise (a method group, <c>nameof</c>, a field): where a question about a method needs its callers in other
/// files, it reads each file's index instead of walking every file of the compilation again.
/// </summary>
internal sealed class InvocationIndex
{
    // Keyed weakly by the tree: a tree the next compilation of an edit session keeps unchanged keeps its index, and
    // the index dies with the tree. The only static of the index.
    private static readonly ConditionalWeakTable<SyntaxTree, InvocationIndex> s_byTree = new();

    private readonly Dictionary<string, ImmutableArray<InvocationExpressionSyntax>> _calls;
    private readonly HashSet<string> _otherNames;

    private InvocationIndex(Dictionary<string, ImmutableArray<InvocationExpressionSyntax>> calls, HashSet<string> otherNames)
    {
        _calls = calls;
        _otherNames = otherNames;
    }

    /// <summary>The index of <paramref name="tree"/>, built the first time any compilation asks.</summary>
    public static InvocationIndex Of(SyntaxTree tree, CancellationToken cancellationToken) =>
        s_byTree.TryGetValue(tree, out var known) ? known : s_byTree.GetValue(tree, t => Build(t, cancellationToken));

    /// <summary>The invocations of the tree that call a method named <paramref name="name"/>, in document order.</summary>
    public ImmutableArray<InvocationExpressionSyntax> Calling(string name) =>
        _calls.TryGetValue(name, out var calls) ? calls : ImmutableArray<InvocationExpressionSyntax>.Empty;

    /// <summary>Whether the tree mentions <paramref name="name"/> other than as the name an invocation calls.</summary>
    public bool NamesOtherwise(string name) => _otherNames.Contains(name);

    private static InvocationIndex Build(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var calls = new Dictionary<string, ImmutableArray<InvocationExpressionSyntax>.Builder>();
        var otherNames = new HashSet<string>();
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax invocation when CalledName(invocation) is { } called:
                    if (!calls.TryGetValue(called, out var list))
                    {
                        list = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
                        calls.Add(called, list);
                    }

                    list.Add(invocation);
                    break;
                case SimpleNameSyntax name when !IsCalledName(name):
                    otherNames.Add(name.Identifier.ValueText);
                    break;
            }
        }

        var byName = new Dictionary<string, ImmutableArray<InvocationExpressionSyntax>>(calls.Count);
        foreach (var pair in calls)
        {
            byName.Add(pair.Key, pair.Value.ToImmutable());
        }

        return new InvocationIndex(byName, otherNames);
    }

    /// <summary>The simple name an invocation calls: <c>M()</c>, <c>M&lt;T&gt;()</c>, <c>x.M()</c>, <c>x?.M()</c>.</summary>
    private static string? CalledName(InvocationExpressionSyntax invocation) => NameCalledBy(invocation)?.Identifier.ValueText;

    private static SimpleNameSyntax? NameCalledBy(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        SimpleNameSyntax name => name,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name,
        MemberBindingExpressionSyntax memberBinding => memberBinding.Name,
        _ => null,
    };

    private static bool IsCalledName(SimpleNameSyntax name)
    {
        var invoked = name.Parent is MemberAccessExpressionSyntax or MemberBindingExpressionSyntax ? name.Parent : name;
        return invoked.Parent is InvocationExpressionSyntax invocation && invocation.Expression == invoked && NameCalledBy(invocation) == name;
    }
}
