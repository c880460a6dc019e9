using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>
/// Facts a branch condition proves on one of its edges: a read that returned 0, a socket not connected, a null
/// connection, a failed asynchronous completion, only transient errors in a handler.
/// </summary>
public sealed partial class ConnectionFlowAnalysis
{
    /// <summary>
    /// Facts a branch condition proves on one of its edges: a read that returned 0 (end of stream) or a socket that is
    /// not connected has nothing a close could reset, so ReadWithoutShutdown ends there.
    /// </summary>
    private (EdgeEffect?, EdgeEffect?) EdgeEffects(BasicBlock block)
    {
        if (block.BranchValue is not { } condition || block.ConditionKind == ControlFlowConditionKind.None ||
            ReadsNothingLeftWhen(condition) is not { } fact)
        {
            return (null, null);
        }

        var edge = new EdgeEffect(fact.Connection, fact.IsNullCheck ? ConnectionFlags.None : ConnectionFlags.ReadWithoutShutdown, fact.IsNullCheck);
        // The conditional successor is taken when the condition equals the block's ConditionKind.
        var onConditional = fact.WhenTrue == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
        return onConditional ? (edge, null) : (null, edge);
    }

    /// <summary>
    /// <c>n == 0</c>, <c>n &lt;= 0</c>, <c>n &lt; 1</c>, <c>n &gt; 0</c> (false side), <c>ReadByte() == -1</c>, <c>ReadLine() == null</c>
    /// on a read's result, or <c>c.Connected</c> (false side): the connection, and on which truth value nothing is left.
    /// </summary>
    private (int Connection, bool WhenTrue, bool IsNullCheck)? ReadsNothingLeftWhen(IOperation condition)
    {
        condition = OperationChains.WithoutNegations(condition, out var negated);
        if (negated)
        {
            return ReadsNothingLeftWhen(condition) is { } inner ? (inner.Connection, !inner.WhenTrue, inner.IsNullCheck) : null;
        }

        // A null connection is not open: 'using' and '?.' test for null before they dispose.
        if (condition is IIsNullOperation { Operand: { } tested } && _table.Resolve(tested) is { } nullConnection)
        {
            return (nullConnection, true, true);
        }

        if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } nullComparison &&
            (nullComparison.RightOperand.ConstantValue is { HasValue: true, Value: null } && _table.Resolve(nullComparison.LeftOperand) is { } comparedLeft
                ? comparedLeft
                : nullComparison.LeftOperand.ConstantValue is { HasValue: true, Value: null } ? _table.Resolve(nullComparison.RightOperand) : null) is { } compared)
        {
            return (compared, nullComparison.OperatorKind == BinaryOperatorKind.Equals, true);
        }

        if (condition is IPropertyReferenceOperation { Property.Name: "Connected", Instance: { } socket } && _table.Resolve(socket) is { } connected)
        {
            return (connected, false, false);
        }

        if (condition is IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } } isNull &&
            ReadResultOf(isNull.Value) is { } nullRead)
        {
            return (nullRead, true, false);
        }

        if (condition is not IBinaryOperation binary)
        {
            return null;
        }

        var (read, constant, flipped) = ReadResultOf(binary.LeftOperand) is { } left
            ? (left, binary.RightOperand.ConstantValue, false)
            : (ReadResultOf(binary.RightOperand), binary.LeftOperand.ConstantValue, true);
        if (read is not { } connection || !constant.HasValue)
        {
            return null;
        }

        if (constant.Value is null)
        {
            return binary.OperatorKind switch
            {
                BinaryOperatorKind.Equals => (connection, true, false),
                BinaryOperatorKind.NotEquals => (connection, false, false),
                _ => null,
            };
        }

        if (constant.Value is not int value)
        {
            return null;
        }

        var kind = flipped ? Mirror(binary.OperatorKind) : binary.OperatorKind;
        return (kind, value) switch
        {
            (BinaryOperatorKind.Equals, 0 or -1) => (connection, true, false),
            (BinaryOperatorKind.NotEquals, 0 or -1) => (connection, false, false),
            (BinaryOperatorKind.LessThanOrEqual, 0) => (connection, true, false),
            (BinaryOperatorKind.LessThan, 1 or 0) => (connection, true, false),
            (BinaryOperatorKind.GreaterThan, 0 or -1) => (connection, false, false),
            (BinaryOperatorKind.GreaterThanOrEqual, 1 or 0) => (connection, false, false),
            _ => null,
        };
    }

    /// <summary>The connection whose read produced this value: the read itself, <c>(n = read)</c>, or a local only ever assigned reads.</summary>
    private int? ReadResultOf(IOperation operation) => ReadResultOf(operation, LocalReadResults());

    /// <summary>
    /// <see cref="ReadResultOf(IOperation)"/> with the locals known so far: a loop, not a recursion, through nested
    /// assignments and awaits, and it never asks for the locals' table itself, so building that table cannot re-enter it.
    /// </summary>
    private int? ReadResultOf(IOperation operation, IReadOnlyDictionary<ILocalSymbol, int> knownLocals)
    {
        while (true)
        {
            operation = ConnectionSemantics.Strip(operation);
            switch (operation)
            {
                case IAwaitOperation awaited:
                    operation = awaited.Operation;
                    continue;
                case ISimpleAssignmentOperation assignment:
                    operation = assignment.Value;
                    continue;
                case IInvocationOperation invocation when invocation.Instance is { } instance &&
                                                          (_semantics.EffectOnReceiver(invocation) & CallEffects.Read) != 0:
                    return _table.Resolve(instance);
                case ILocalReferenceOperation local:
                    return knownLocals.TryGetValue(local.Local, out var connection) ? connection : null;
                default:
                    return null;
            }
        }
    }

    private Dictionary<ILocalSymbol, int>? _localReadResults;

    /// <summary>Locals every assignment of which is a read of one connection (flow-insensitive: <c>n = s.Read(..)</c>).</summary>
    private Dictionary<ILocalSymbol, int> LocalReadResults() => _localReadResults ??= BuildLocalReadResults();

    /// <summary>
    /// One pass collects each local's assigned values; then rounds resolve the locals whose values are all reads of one
    /// connection, given the locals resolved in earlier rounds (<c>n = await pending</c> where <c>pending</c> is a read).
    /// A round that resolves nothing ends it, so there are at most as many rounds as locals; a copy <c>n = m</c>, or a
    /// cycle of awaits, stays unresolved.
    /// </summary>
    private Dictionary<ILocalSymbol, int> BuildLocalReadResults()
    {
        var assignedValues = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        foreach (var block in _graph.Blocks)
        {
            foreach (var operation in _operations.Of(block))
            {
                if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment)
                {
                    if (!assignedValues.TryGetValue(target.Local, out var values))
                    {
                        assignedValues[target.Local] = values = new List<IOperation>();
                    }

                    values.Add(assignment.Value);
                }
            }
        }

        var results = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        var resolvedInRound = true;
        while (resolvedInRound)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            resolvedInRound = false;
            foreach (var entry in assignedValues)
            {
                if (!results.ContainsKey(entry.Key) && ReadOfOneConnection(entry.Value, results) is { } connection)
                {
                    results[entry.Key] = connection;
                    resolvedInRound = true;
                }
            }
        }

        return results;
    }

    private int? ReadOfOneConnection(List<IOperation> values, IReadOnlyDictionary<ILocalSymbol, int> knownLocals)
    {
        int? connection = null;
        foreach (var value in values)
        {
            var read = ConnectionSemantics.Strip(value) is ILocalReferenceOperation ? null : ReadResultOf(value, knownLocals);
            if (read is null || (connection is { } other && other != read))
            {
                return null;
            }

            connection = read;
        }

        return connection;
    }

    private static BinaryOperatorKind Mirror(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
        _ => kind,
    };

    /// <summary>
    /// <c>if (e.SocketError != SocketError.Success)</c> on a SocketAsyncEventArgs: the completed operation failed, which
    /// is a caught connection error without a catch. On the failing edge, the connections the operation ran on are
    /// failed: those this body starts operations on with the same event args (<c>_socket.SendAsync(e)</c>), else every
    /// connection it does I/O on.
    /// </summary>
    private (bool OnConditional, ImmutableHashSet<int> Connections)? CompletionFailure(BasicBlock block)
    {
        if (_semantics.Model.SocketAsyncEventArgs is null || block.BranchValue is not { } condition ||
            block.ConditionKind == ControlFlowConditionKind.None || CompletionFailedWhen(condition) is not { } test)
        {
            return null;
        }

        var connections = ConnectionsOfEventArgs(test.EventArgs);
        if (connections.IsEmpty)
        {
            return null;
        }

        // The conditional successor is taken when the condition equals the block's ConditionKind.
        return (test.WhenTrue == (block.ConditionKind == ControlFlowConditionKind.WhenTrue), connections);
    }

    /// <summary>
    /// The event args tested, and on which truth value the operation failed: <c>!= Success</c>, <c>== Success</c> (false
    /// side), <c>is not Success</c>, or <c>==</c>/<c>is</c> a code that is not transient. Not a failure test: a transient
    /// code, or <c>!= ConnectionReset</c> (true for Success too).
    /// </summary>
    private (ISymbol EventArgs, bool WhenTrue)? CompletionFailedWhen(IOperation condition)
    {
        condition = OperationChains.WithoutNegations(condition, out var underNot);
        if (underNot)
        {
            return CompletionFailedWhen(condition) is { } inner ? (inner.EventArgs, !inner.WhenTrue) : null;
        }

        foreach (var check in SocketErrorChecks.ForBodyOf(condition, _semantics.Model).Read(condition))
        {
            // One code compared with the event args' SocketError: `==`, `!=`, `is C`, `is not C`.
            if (check is not { SubjectKind: SocketErrorSubjectKind.AsyncEventArgs, Form: SocketErrorCheckForm.Comparison or SocketErrorCheckForm.IsPattern, IsAlternatives: true } ||
                check.Compared.Length != 1 || check.Names.Length != 1 || SymbolOfValue(check.Source) is not { } eventArgs)
            {
                return null;
            }

            var code = check.Names[0].Name;
            var equals = !check.Negated;
            if (code == "Success")
            {
                return (eventArgs, !equals);
            }

            return equals && !SocketErrorCatalog.NonFatalSocketErrors.Contains(code) ? (eventArgs, true) : null;
        }

        return null;
    }

    private static ISymbol? SymbolOfValue(IOperation operation) => ConnectionSemantics.Strip(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private ImmutableHashSet<int> ConnectionsOfEventArgs(ISymbol eventArgs)
    {
        var started = ImmutableHashSet.CreateBuilder<int>();
        var withIo = ImmutableHashSet.CreateBuilder<int>();
        foreach (var connectionEvent in _events)
        {
            if (connectionEvent.Kind != ConnectionEventKind.Call || (connectionEvent.Effects & CallEffects.Io) == 0)
            {
                continue;
            }

            withIo.Add(connectionEvent.Connection);
            if (connectionEvent.Operation is IInvocationOperation invocation)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(SymbolOfValue(argument.Value), eventArgs))
                    {
                        started.Add(connectionEvent.Connection);
                    }
                }
            }
        }

        return started.Count > 0 ? started.ToImmutable() : withIo.ToImmutable();
    }

    /// <summary>
    /// In a catch handler, <c>if (IsResumable(e.SocketErrorCode))</c> and the like (inline or through a helper): on the
    /// side where only transient errors pass, the handler's exception was not a connection error.
    /// </summary>
    private (bool OnConditional, ControlFlowRegion Handler)? TransientBranch(BasicBlock block)
    {
        if (block.BranchValue is not { } condition || block.ConditionKind == ControlFlowConditionKind.None ||
            HandlerOf(block.EnclosingRegion) is not { } handler)
        {
            return null;
        }

        condition = OperationChains.WithoutNegations(condition, out var negated);
        if (!ExceptionFilters.AdmitsOnlyTransientErrors(condition, _semantics))
        {
            return null;
        }

        // The conditional successor is taken when the condition equals the block's ConditionKind.
        return (!negated == (block.ConditionKind == ControlFlowConditionKind.WhenTrue), handler);
    }

    private sealed class EdgeEffect
    {
        public EdgeEffect(int connection, ConnectionFlags kill, bool killsCreations)
        {
            Connection = connection;
            Kill = kill;
            KillsCreations = killsCreations;
        }

        public int Connection { get; }
        public ConnectionFlags Kill { get; }
        public bool KillsCreations { get; }
    }
}
