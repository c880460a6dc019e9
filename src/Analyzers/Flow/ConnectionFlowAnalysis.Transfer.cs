using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>What each step does to the state: the gen/kill of <see cref="ConnectionFlags"/> per connection and creation.</summary>
public sealed partial class ConnectionFlowAnalysis
{
    /// <summary>Applies one event. Flags are gen/kill per slot, independent of each other (see the class remarks).</summary>
    private FlowState Transfer(FlowState state, ConnectionEvent connectionEvent)
    {
        var connection = connectionEvent.Connection;
        switch (connectionEvent.Kind)
        {
            case ConnectionEventKind.Creation:
            case ConnectionEventKind.Reassignment:
                state = KillCreations(state, connection);
                state = state.With(connection, ConnectionFlags.None, ConnectionFlags.Failed | ConnectionFlags.ShutDownForSending | ConnectionFlags.ReadWithoutShutdown);
                return connectionEvent.CreationSlot >= 0 && !connectionEvent.AcquiresOnConnect
                    ? state.With(connectionEvent.CreationSlot, ConnectionFlags.OwnedOpen, ConnectionFlags.None)
                    : state;
            case ConnectionEventKind.HandOff:
                return KillCreations(state, connection);
        }

        var effects = connectionEvent.Effects;
        var gen = ConnectionFlags.None;
        var kill = ConnectionFlags.None;
        if ((effects & CallEffects.Read) != 0 && (state[connection] & ConnectionFlags.ShutDownForSending) == 0)
        {
            // A read after a shutdown for sending drains what the peer still sends: the conversation is ending.
            gen |= ConnectionFlags.ReadWithoutShutdown;
        }

        if ((effects & CallEffects.ShutdownSend) != 0)
        {
            gen = (gen | ConnectionFlags.ShutDownForSending) & ~ConnectionFlags.ReadWithoutShutdown;
            kill |= ConnectionFlags.ReadWithoutShutdown;
        }

        if ((effects & CallEffects.HandOff) != 0)
        {
            state = KillCreations(state, connection);
        }

        if ((effects & CallEffects.Replace) != 0)
        {
            // A new connection: nothing that held for the old one holds.
            kill |= ConnectionFlags.Failed | ConnectionFlags.ShutDownForSending | ConnectionFlags.ReadWithoutShutdown;
        }

        if ((effects & CallEffects.Close) != 0 && !connectionEvent.IsGuardedByConnected)
        {
            gen &= ~(ConnectionFlags.Failed | ConnectionFlags.ReadWithoutShutdown);
            kill |= ConnectionFlags.Failed | ConnectionFlags.ReadWithoutShutdown;
            if (connectionEvent.ReleasesConnection)
            {
                state = KillCreations(state, connection);
            }
        }

        return state.With(connection, gen, kill);
    }

    private FlowState WithoutReads(FlowState state)
    {
        for (var connection = 0; connection < _table.Count; connection++)
        {
            state = state.With(connection, ConnectionFlags.None, ConnectionFlags.ReadWithoutShutdown);
        }

        return state;
    }

    /// <summary>A connect completed: the creations of the connection that are owned only from their connect are open.</summary>
    private FlowState Acquired(FlowState state, int connection)
    {
        foreach (var creation in _creations)
        {
            if (creation.Connection == connection && creation.AcquiresOnConnect)
            {
                state = state.With(creation.CreationSlot, ConnectionFlags.OwnedOpen, ConnectionFlags.None);
            }
        }

        return state;
    }

    private FlowState KillCreations(FlowState state, int connection)
    {
        foreach (var creation in _creations)
        {
            if (creation.Connection == connection)
            {
                state = state.With(creation.CreationSlot, ConnectionFlags.None, ConnectionFlags.OwnedOpen);
            }
        }

        return state;
    }

    /// <summary>The connections <paramref name="handler"/> marked failed are not: its exception was no connection error.</summary>
    private FlowState Recovered(FlowState state, ControlFlowRegion handler)
    {
        if (!CatchesConnectionError(handler) || handler.EnclosingRegion is not { Kind: ControlFlowRegionKind.TryAndCatch } region)
        {
            return state;
        }

        foreach (var connection in IoConnectionsIn(region.NestedRegions[0], handler))
        {
            state = state.With(connection, ConnectionFlags.None, ConnectionFlags.Failed);
        }

        return state;
    }

    private FlowState MarkFailed(FlowState state, ImmutableHashSet<int> connections)
    {
        foreach (var connection in connections)
        {
            state = state.With(connection, ConnectionFlags.Failed | ConnectionFlags.FailedFlagNotSet, ConnectionFlags.None);
        }

        return state;
    }

    /// <summary>
    /// The body's failure flag: a bool local or field of this instance that a catch of a connection error sets to a
    /// constant (<c>failed = true;</c>, <c>running = false;</c>), the first one found. A later test that finds it not
    /// set to that constant lets through only the failures after which nothing set it. (An assignment of the other
    /// value does not bring a covered failure back: code that resets the flag after a failure is not seen.)
    /// </summary>
    private (ISymbol Symbol, bool Value)? FindFailureFlag()
    {
        foreach (var block in _graph.Blocks)
        {
            if (HandlerOf(block.EnclosingRegion) is not { } handler || !CatchesConnectionError(handler))
            {
                continue;
            }

            foreach (var operation in _operations.Of(block))
            {
                if (operation is ISimpleAssignmentOperation { Value.ConstantValue: { HasValue: true, Value: bool value } } assignment &&
                    FlagOf(assignment.Target) is { } symbol)
                {
                    return (symbol, value);
                }
            }
        }

        return null;
    }

    /// <summary>A bool local, or a bool field of this instance.</summary>
    private static ISymbol? FlagOf(IOperation operation) => ConnectionSemantics.Strip(operation) switch
    {
        ILocalReferenceOperation { Local: { Type.SpecialType: SpecialType.System_Boolean } local } => local,
        IFieldReferenceOperation { Field: { Type.SpecialType: SpecialType.System_Boolean } field, Instance: null or IInstanceReferenceOperation } => field,
        _ => null,
    };

    /// <summary>The successor (true: the conditional one) on which the block's condition found the failure flag not set.</summary>
    private bool? FlagNotSetBranch(BasicBlock block)
    {
        if (_failureFlag is not { } flag || block.BranchValue is not { } branchValue || block.ConditionKind == ControlFlowConditionKind.None)
        {
            return null;
        }

        var condition = OperationChains.WithoutNegations(branchValue, out var negated);
        bool valueWhenNotSet;
        if (FlagOf(condition) is { } tested && SymbolEqualityComparer.Default.Equals(tested, flag.Symbol))
        {
            valueWhenNotSet = !flag.Value;
        }
        else if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison &&
                 FlagOf(comparison.LeftOperand) is { } left && SymbolEqualityComparer.Default.Equals(left, flag.Symbol) &&
                 comparison.RightOperand.ConstantValue is { HasValue: true, Value: bool constant })
        {
            valueWhenNotSet = (!flag.Value == constant) == (comparison.OperatorKind == BinaryOperatorKind.Equals);
        }
        else
        {
            return null;
        }

        valueWhenNotSet ^= negated;

        // The conditional successor is taken when the condition equals the block's ConditionKind.
        return valueWhenNotSet == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
    }

    /// <summary>The failure flag is set: every failure so far is covered by it.</summary>
    private FlowState WithFailureFlagSet(FlowState state)
    {
        for (var connection = 0; connection < _table.Count; connection++)
        {
            state = state.With(connection, ConnectionFlags.None, ConnectionFlags.FailedFlagNotSet);
        }

        return state;
    }

    /// <summary>Where the failure flag is not set, no failure that set it is: only the failures not covered stay.</summary>
    private FlowState WithoutFlaggedFailures(FlowState state)
    {
        for (var connection = 0; connection < _table.Count; connection++)
        {
            if ((state[connection] & ConnectionFlags.FailedFlagNotSet) == 0)
            {
                state = state.With(connection, ConnectionFlags.None, ConnectionFlags.Failed);
            }
        }

        return state;
    }
}
