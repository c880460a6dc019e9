using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>
/// The connections of one control flow graph: locals, parameters and members of <c>this</c> that hold a
/// connection, with every wrapper made from one (<c>new NetworkStream(s)</c>, <c>client.GetStream()</c>,
/// <c>new StreamWriter(ns)</c> ...) folded into the same connection. Each connection gets a dense index.
/// </summary>
public sealed class ConnectionTable
{
    private readonly ConnectionSemantics _semantics;
    private readonly ValueOrigins _origins;
    private readonly Dictionary<ISymbol, ISymbol> _parent = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, int> _indexByRoot = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<CaptureId, List<IOperation>> _captures = new();
    private readonly List<ImmutableArray<ISymbol>> _members = new();
    private readonly Dictionary<ISymbol, (ISymbol Inner, bool Owns)> _wraps = new(SymbolEqualityComparer.Default);
    private readonly HashSet<int> _notOwnable = new();
    private readonly Dictionary<SyntaxNode, List<int>> _capturedByLambda = new();

    // Set once the table is built: from then on the rules of a body read it concurrently, so lookups change nothing.
    private bool _built;

    private ConnectionTable(ConnectionSemantics semantics, ValueOrigins origins)
    {
        _semantics = semantics;
        _origins = origins;
    }

    public int Count => _members.Count;

    /// <summary>The symbols that are one connection, the first being the one that owns the others when known.</summary>
    public ImmutableArray<ISymbol> MembersOf(int connection) => _members[connection];

    internal static ConnectionTable Build(ControlFlowGraph graph, FlowOperations operations, ConnectionSemantics semantics)
    {
        var table = new ConnectionTable(semantics, ValueOrigins.Of(graph.OriginalOperation, semantics));

        // Each symbol once, in the order first referenced: a method with thousands of references would otherwise
        // rescan all of them for every reference (quadratic). The connections, their indices and their members'
        // order are the same as over every reference.
        var symbols = new List<ISymbol>();
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in operations.Of(block))
            {
                switch (operation)
                {
                    case IFlowCaptureOperation capture:
                        if (!table._captures.TryGetValue(capture.Id, out var values))
                        {
                            values = new List<IOperation>();
                            table._captures.Add(capture.Id, values);
                        }

                        values.Add(capture.Value);
                        break;
                    case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                        if (table.SymbolOf(operation) is { } symbol && seen.Add(symbol))
                        {
                            symbols.Add(symbol);
                        }

                        break;
                }
            }
        }

        // Wrappers alias what they wrap; a plain copy aliases its source.
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in operations.Of(block))
            {
                if (operation is ISimpleAssignmentOperation assignment && table.SymbolOf(assignment.Target) is { } target &&
                    table.AliasSource(assignment.Value, out var owns) is { } source)
                {
                    table.Union(target, source);
                    if (!SymbolEqualityComparer.Default.Equals(target, source))
                    {
                        table._wraps[target] = (source, owns);
                    }
                }
            }
        }

        // The groups in the order their first symbol was referenced, each with its symbols in that order.
        var groups = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        var roots = new List<ISymbol>();
        foreach (var symbol in symbols)
        {
            var root = table.Find(symbol);
            if (!groups.TryGetValue(root, out var group))
            {
                group = new List<ISymbol>();
                groups.Add(root, group);
                roots.Add(root);
            }

            group.Add(symbol);
        }

        foreach (var root in roots)
        {
            var group = groups[root];
            if (table.GroupIsConnection(group))
            {
                table._indexByRoot.Add(root, table._members.Count);
                table._members.Add(table.OrderedGroup(group));
            }
        }

        table.MarkNotOwnable(graph);
        table._built = true;
        return table;
    }

    /// <summary>
    /// Whether the method may own the connection (for leak checks): not when one of its names is a parameter or a
    /// member (it came from, or is kept, outside), or a local function captures it (it can run, and keep it,
    /// from anywhere in the body).
    /// </summary>
    public bool IsOwnable(int connection) => !_notOwnable.Contains(connection);

    /// <summary>
    /// The connections the lambda at <paramref name="lambda"/> (one of this graph's, not nested in another) captures:
    /// from where it is created, the connection lives on in it, as if handed off there.
    /// </summary>
    public IReadOnlyList<int> CapturedBy(SyntaxNode lambda) =>
        _capturedByLambda.TryGetValue(lambda, out var connections) ? connections : (IReadOnlyList<int>)System.Array.Empty<int>();

    /// <summary>Whether closing <paramref name="symbol"/> closes the whole connection: every wrapper from it down owns what it wraps.</summary>
    public bool ReleasesWhole(ISymbol symbol)
    {
        for (var steps = 0; steps < 16 && _wraps.TryGetValue(symbol, out var link); steps++)
        {
            if (!link.Owns)
            {
                return false;
            }

            symbol = link.Inner;
        }

        return true;
    }

    private void MarkNotOwnable(ControlFlowGraph graph)
    {
        for (var connection = 0; connection < _members.Count; connection++)
        {
            foreach (var member in _members[connection])
            {
                if (member is not ILocalSymbol)
                {
                    _notOwnable.Add(connection);
                }
            }
        }

        // One walk, knowing the outermost nested function it is inside: a walk of each nested function's operations
        // would visit functions nested n deep n times (and a body's n graphs, n² times).
        var pending = new Stack<(IOperation Operation, IOperation? OutermostFunction)>();
        foreach (var child in graph.OriginalOperation.ChildOperations)
        {
            pending.Push((child, null));
        }

        while (pending.Count > 0)
        {
            var (operation, outermost) = pending.Pop();
            if (outermost is not null && operation is ILocalReferenceOperation or IParameterReferenceOperation &&
                SymbolOf(operation) is { } captured && IndexOf(captured) is { } connection)
            {
                if (outermost is IAnonymousFunctionOperation lambda)
                {
                    AddCapture(lambda.Syntax, connection);
                }
                else
                {
                    _notOwnable.Add(connection);
                }
            }

            var childrenOutermost = outermost ?? (operation is IAnonymousFunctionOperation or ILocalFunctionOperation ? operation : null);
            foreach (var child in operation.ChildOperations)
            {
                pending.Push((child, childrenOutermost));
            }
        }
    }

    private void AddCapture(SyntaxNode lambda, int connection)
    {
        if (!_capturedByLambda.TryGetValue(lambda, out var connections))
        {
            connections = new List<int>();
            _capturedByLambda.Add(lambda, connections);
        }

        if (!connections.Contains(connection))
        {
            connections.Add(connection);
        }
    }

    /// <summary>The connection an expression refers to, through wrappers and flow captures; null when none or unknown.</summary>
    public int? Resolve(IOperation? operation)
    {
        var symbol = ResolveSymbol(operation, depth: 0);
        return symbol is not null && _indexByRoot.TryGetValue(Find(symbol), out var index) ? index : null;
    }

    /// <summary>
    /// The variable the connection of an expression comes down to: the symbol it names, through wrapper expressions
    /// and flow captures, then through the wrappers and copies assigned to it in this graph, to the first that
    /// wraps nothing (<c>reader</c> of <c>new StreamReader(client.GetStream())</c> comes down to <c>client</c>).
    /// </summary>
    public ISymbol? OriginOf(IOperation operation)
    {
        var symbol = ResolveSymbol(operation, depth: 0);
        for (var steps = 0; symbol is not null && steps < 16 && _wraps.TryGetValue(symbol, out var link); steps++)
        {
            symbol = link.Inner;
        }

        return symbol;
    }

    /// <summary>The connection of a symbol (a local, parameter or member of <c>this</c>), if it is one.</summary>
    public int? IndexOf(ISymbol symbol) =>
        _parent.ContainsKey(symbol) && _indexByRoot.TryGetValue(Find(symbol), out var index) ? index : null;

    /// <summary>The symbol an assignment target or reference names: a local, parameter, or member of <c>this</c>.</summary>
    public ISymbol? SymbolOf(IOperation operation)
    {
        var symbol = ValueOrigins.VariableOf(operation);
        if (symbol is not null && !_built && !_parent.ContainsKey(symbol))
        {
            _parent.Add(symbol, symbol);
        }

        return symbol;
    }

    private ISymbol? ResolveSymbol(IOperation? operation, int depth)
    {
        if (operation is null || depth > 8)
        {
            return null;
        }

        operation = ConnectionSemantics.Strip(operation);
        if (operation is IFlowCaptureReferenceOperation reference)
        {
            // A capture names one connection only when every value captured under its id does.
            ISymbol? single = null;
            if (!_captures.TryGetValue(reference.Id, out var values))
            {
                return null;
            }

            foreach (var value in values)
            {
                var resolved = ResolveSymbol(value, depth + 1);
                if (resolved is null || single is not null && !SymbolEqualityComparer.Default.Equals(Find(single), Find(resolved)))
                {
                    return null;
                }

                single = resolved;
            }

            return single;
        }

        if (_semantics.Model.TryGetWrappedConnection(operation, out var wrapped, out _) ||
            _semantics.Model.TryGetClientOfSocket(operation, out wrapped))
        {
            return ResolveSymbol(wrapped, depth + 1);
        }

        return operation is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
            ? SymbolOf(operation)
            : null;
    }

    /// <summary>The variable a wrapper or copy aliases (<see cref="ValueOrigins.AliasedValue"/>).</summary>
    private ISymbol? AliasSource(IOperation value, out bool owns) =>
        _origins.AliasedValue(value, out owns) is { } aliased ? ResolveSymbol(aliased, 0) : null;

    private bool GroupIsConnection(List<ISymbol> group)
    {
        foreach (var symbol in group)
        {
            if (IsConnectionSymbol(symbol))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsConnectionSymbol(ISymbol symbol) => _origins.HoldsConnection(symbol);

    /// <summary>The group's symbols, the most fundamental owner first (Socket/TcpClient before streams before writers).</summary>
    private ImmutableArray<ISymbol> OrderedGroup(List<ISymbol> group)
    {
        group.Sort((left, right) => _origins.KindOf(left).CompareTo(_origins.KindOf(right)));
        return group.ToImmutableArray();
    }

    private ISymbol Find(ISymbol symbol)
    {
        if (!_parent.TryGetValue(symbol, out var parent))
        {
            if (!_built)
            {
                _parent.Add(symbol, symbol);
            }

            return symbol;
        }

        while (!SymbolEqualityComparer.Default.Equals(parent, symbol))
        {
            var grandParent = _parent[parent];
            if (!_built)
            {
                _parent[symbol] = grandParent;
            }

            symbol = parent;
            parent = grandParent;
        }

        return symbol;
    }

    private void Union(ISymbol left, ISymbol right)
    {
        var leftRoot = Find(left);
        var rightRoot = Find(right);
        if (!SymbolEqualityComparer.Default.Equals(leftRoot, rightRoot))
        {
            _parent[leftRoot] = rightRoot;
        }
    }
}
