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
/// The layer that turns a block's operations into steps of the analysis: events on connections (calls, creations,
/// reassignments, hand-offs), points where an exception may be thrown, and facts a handler learns (an assertion).
/// </summary>
public sealed partial class ConnectionFlowAnalysis
{
    /// <summary>
    /// Turns each block into its ordered steps on connections (computed once; the fixpoint replays them) and
    /// notes the nearest enclosing try region of each block.
    /// </summary>
    private void PrepareSteps()
    {
        _failureFlag = FindFailureFlag();
        foreach (var block in _graph.Blocks)
        {
            var steps = new List<Step>();
            foreach (var operation in _operations.Of(block))
            {
                switch (operation)
                {
                    case IFlowAnonymousFunctionOperation lambda:
                        _lambdas.Add(lambda);
                        foreach (var captured in _table.CapturedBy(lambda.Syntax))
                        {
                            // The lambda keeps the connection from here on (a thread, a task, a callback runs it).
                            AddStep(steps, new ConnectionEvent(ConnectionEventKind.HandOff, lambda, captured, CallEffects.None, isGuardedByConnected: false));
                        }

                        break;
                    case IInvocationOperation invocation:
                        AddInvocationSteps(invocation, steps);
                        if (HandlerOf(block.EnclosingRegion) is { } assertedIn && AssertedExceptionType(invocation) is { } asserted &&
                            !_semantics.Model.CatchMayTakeSocketError(asserted))
                        {
                            // After an assertion that the caught exception is of a type no connection error has, the
                            // handler goes on only for that exception.
                            steps.Add(Step.Recover(assertedIn));
                        }

                        break;
                    case IInvalidOperation or IDynamicInvocationOperation or IDynamicObjectCreationOperation or IObjectCreationOperation { Constructor: null }:
                        AddUnknownCodeHandOffs(operation, steps);
                        break;
                    case IObjectCreationOperation creation:
                        AddArgumentHandOffs(creation, creation.Arguments, steps);
                        if (!_semantics.Model.TryGetWrappedConnection(creation, out _, out _) && _semantics.MayThrow(creation))
                        {
                            // A wrapper constructor is where ownership moves, not a place the connection leaks.
                            steps.Add(Step.ThrowPoint);
                        }

                        break;
                    case IDynamicMemberReferenceOperation { Parent: IDynamicInvocationOperation }:
                        // The dynamic call is the throw point, after the connections it is given (see AddUnknownCodeHandOffs).
                        break;
                    case IAwaitOperation or IDynamicMemberReferenceOperation:
                        steps.Add(Step.ThrowPoint);
                        if (_connectsAwaited.TryGetValue(operation, out var connected))
                        {
                            // The connect completed: what it connected is owned from here.
                            steps.Add(Step.Acquire(connected));
                        }

                        break;
                    case ISimpleAssignmentOperation assignment:
                        AddAssignmentSteps(assignment, steps);
                        if (_failureFlag is { } flag && FlagOf(assignment.Target) is { } assigned &&
                            SymbolEqualityComparer.Default.Equals(assigned, flag.Symbol) &&
                            assignment.Value.ConstantValue is { HasValue: true, Value: bool value } && value == flag.Value)
                        {
                            steps.Add(Step.SetFailureFlag);
                        }

                        break;
                }
            }

            if (block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return &&
                block.BranchValue is { } returned && _table.Resolve(returned) is { } returnedConnection)
            {
                AddStep(steps, new ConnectionEvent(ConnectionEventKind.HandOff, returned, returnedConnection, CallEffects.None, isGuardedByConnected: false));
            }

            _steps[block.Ordinal] = steps;
            _nearestTry[block.Ordinal] = NearestTry(block.EnclosingRegion);
            _edgeEffects[block.Ordinal] = EdgeEffects(block);
        }

        // After all blocks: which connections a completion handler's operation ran on depends on the whole body.
        foreach (var block in _graph.Blocks)
        {
            _completionFailures[block.Ordinal] = CompletionFailure(block);
            _transientBranches[block.Ordinal] = TransientBranch(block);
            _flagNotSetBranches[block.Ordinal] = FlagNotSetBranch(block);
        }
    }

    private void AddAssignmentSteps(ISimpleAssignmentOperation assignment, List<Step> steps)
    {
        var valueConnection = _table.Resolve(assignment.Value);
        var target = _table.SymbolOf(assignment.Target);
        var targetConnection = target is null ? null : _table.IndexOf(target);
        if (targetConnection is { } connection && valueConnection != connection)
        {
            var isCreation = target is ILocalSymbol && _table.IsOwnable(connection) && IsNewOwnedConnection(assignment.Value);
            var connectionEvent = new ConnectionEvent(
                isCreation ? ConnectionEventKind.Creation : ConnectionEventKind.Reassignment,
                isCreation ? CreationOperation(assignment.Value) : assignment,
                connection,
                CallEffects.None,
                isGuardedByConnected: false);
            if (isCreation)
            {
                connectionEvent.AcquiresOnConnect = ConnectionSemantics.AcquiresOnConnect(CreationOperation(assignment.Value).Type);
                connectionEvent.CreationSlot = _table.Count + _creations.Count;
                _creations.Add(connectionEvent);
            }

            AddStep(steps, connectionEvent);
        }
        else if (valueConnection is { } stored && targetConnection is null)
        {
            // Stored into an array element, a member of another object, an out/ref target ...: kept elsewhere.
            AddStep(steps, new ConnectionEvent(ConnectionEventKind.HandOff, assignment, stored, CallEffects.None, isGuardedByConnected: false));
        }
    }

    /// <summary>A value that is a connection the method now owns: <c>new T(..)</c> of a connection type, or an accepted one.</summary>
    private bool IsNewOwnedConnection(IOperation value)
    {
        var operation = ConnectionSemantics.Strip(value);
        if (operation is IAwaitOperation awaited)
        {
            operation = ConnectionSemantics.Strip(awaited.Operation);
        }

        return operation switch
        {
            IObjectCreationOperation creation => _semantics.IsConnectionType(creation.Type) && !_semantics.IsExcludedFromOwnership(creation.Type) &&
                                                 _semantics.CreationAcquiresConnection(creation),
            IInvocationOperation invocation => _semantics.Model.Classify(invocation.TargetMethod) == ConnectionOperationKind.Accept &&
                                               !_semantics.IsExcludedFromOwnership(invocation.Type),
            _ => false,
        };
    }

    private static IOperation CreationOperation(IOperation value)
    {
        var operation = ConnectionSemantics.Strip(value);
        return operation is IAwaitOperation awaited ? ConnectionSemantics.Strip(awaited.Operation) : operation;
    }

    private void AddInvocationSteps(IInvocationOperation invocation, List<Step> steps)
    {
        // Only a close asks whether it sits under 'if (x.Connected)': the syntax walk is not done for other calls.
        bool Guarded(CallEffects effects) => (effects & CallEffects.Close) != 0 && ConnectedGuards.IsGuardedByConnected(invocation);

        // A call that takes or closes a connection argument is responsible for it even when it throws.
        AddArgumentHandOffs(invocation, invocation.Arguments, steps);

        var receiverEffects = invocation.Instance is { } receiverOperation && _table.Resolve(receiverOperation) is not null
            ? _semantics.EffectOnReceiver(invocation)
            : CallEffects.None;
        if ((receiverEffects & (CallEffects.Close | CallEffects.ShutdownSend | CallEffects.ShutdownOther)) == 0 &&
            // client.GetStream() is where ownership moves to the stream, like a wrapper constructor (on a connected client it does not throw).
            !_semantics.Model.TryGetWrappedConnection(invocation, out _, out _) &&
            !invocation.IsImplicit && ConnectionSemantics.MayThrow(invocation))
        {
            // Closing does not throw, even after a reset (docs/socket-errors.md), and a shutdown that throws is
            // handled where it is applied; calls the compiler generates (lock's Monitor.Enter, foreach's MoveNext)
            // are not where code leaks a connection; every other call may throw here.
            steps.Add(Step.ThrowPoint);
        }

        if (invocation.Instance is { } instance)
        {
            if (ConnectionSemantics.Strip(instance) is IInstanceReferenceOperation)
            {
                // A call on this instance: the callee's effects land on this type's connection members.
                foreach (var pair in _semantics.SummaryOfCall(invocation).OnFields)
                {
                    if (_table.IndexOf(pair.Key) is { } member)
                    {
                        AddCallSteps(steps, invocation, member, pair.Value, Guarded(pair.Value));
                    }
                }
            }
            else if (_table.Resolve(instance) is { } receiver && receiverEffects != CallEffects.None)
            {
                var connectionEvent = AddCallSteps(steps, invocation, receiver, receiverEffects, Guarded(receiverEffects));
                if ((receiverEffects & CallEffects.Close) != 0 && _table.SymbolOf(instance) is { } closed && connectionEvent is not null)
                {
                    connectionEvent.ReleasesConnection = _table.ReleasesWhole(closed);
                }
            }

            if (ConnectionSemantics.AcquiresOnConnect(invocation.TargetMethod.ContainingType) && invocation.TargetMethod.Name.StartsWith("Connect", System.StringComparison.Ordinal) &&
                _table.Resolve(instance) is { } connecting)
            {
                if (AwaitOf(invocation) is { } awaited)
                {
                    _connectsAwaited[awaited] = connecting;
                }
                else
                {
                    steps.Add(Step.Acquire(connecting));
                }
            }
        }
    }

    /// <summary>The await that waits for the call's task (through <c>ConfigureAwait</c> and conversions), if any.</summary>
    private static IOperation? AwaitOf(IInvocationOperation invocation)
    {
        IOperation value = invocation;
        while (value.Parent is IConversionOperation or IParenthesizedOperation ||
               value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == value)
        {
            value = value.Parent;
        }

        return value.Parent as IAwaitOperation;
    }

    /// <summary>
    /// A call's event on one connection. A call that replaces the connection before its I/O is two events: the
    /// replacement, then what the call does on the new connection. Returns the second (null when there is none).
    /// </summary>
    private ConnectionEvent? AddCallSteps(List<Step> steps, IInvocationOperation invocation, int connection, CallEffects effects, bool isGuardedByConnected)
    {
        if ((effects & CallEffects.Replace) != 0)
        {
            AddStep(steps, new ConnectionEvent(ConnectionEventKind.Call, invocation, connection, CallEffects.Replace, isGuardedByConnected: false));
            effects &= ~CallEffects.Replace;
            if (effects == CallEffects.None)
            {
                return null;
            }
        }

        var connectionEvent = new ConnectionEvent(ConnectionEventKind.Call, invocation, connection, effects, isGuardedByConnected);
        AddStep(steps, connectionEvent);
        return connectionEvent;
    }

    /// <summary>
    /// Broken or dynamic code (an unresolved call or type, a dynamic call) that is given a connection: it may keep
    /// it, so it never causes a false alarm (RULES: unknown code never produces a diagnostic).
    /// </summary>
    private void AddUnknownCodeHandOffs(IOperation unknown, List<Step> steps)
    {
        // Like a call that takes a connection argument, it is responsible for it even when it throws.
        foreach (var child in unknown.ChildOperations)
        {
            var value = child is IArgumentOperation argument ? argument.Value : child;
            if (_table.Resolve(value) is { } connection)
            {
                AddStep(steps, new ConnectionEvent(ConnectionEventKind.HandOff, unknown, connection, CallEffects.None, isGuardedByConnected: false));
            }
        }

        if (unknown is not IInvalidOperation)
        {
            // Broken code is no throw point: an unresolved part of a call would otherwise "throw" before the
            // call is given the connection.
            steps.Add(Step.ThrowPoint);
        }
    }

    /// <summary>
    /// Connections passed as arguments: a project method does what its summary says; a method of another assembly
    /// is assumed to take ownership (so it never causes a false alarm), unless it is one of the model's own I/O calls.
    /// </summary>
    private void AddArgumentHandOffs(IOperation call, ImmutableArray<IArgumentOperation> arguments, List<Step> steps)
    {
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || _table.Resolve(argument.Value) is not { } connection)
            {
                continue;
            }

            var effects = call is IInvocationOperation invocation ? _semantics.EffectOnArgument(invocation, argument) : CallEffects.None;
            if (call is IObjectCreationOperation creation && _semantics.Model.TryGetWrappedConnection(creation, out _, out _))
            {
                // A wrapper aliases what it wraps (the table folds them); it is not a hand-off.
                continue;
            }

            if (effects != CallEffects.None && _semantics.TakesOwnershipOfArgument(call, argument))
            {
                // A project method declared in .editorconfig to take ownership keeps it, whatever else it does to it.
                effects |= CallEffects.HandOff;
            }

            if (effects == CallEffects.None && _semantics.TakesOwnershipOfArgument(call, argument))
            {
                AddStep(steps, new ConnectionEvent(ConnectionEventKind.HandOff, call, connection, CallEffects.None, isGuardedByConnected: false));
            }
            else if (effects != CallEffects.None)
            {
                AddStep(steps, new ConnectionEvent(ConnectionEventKind.Call, call, connection, effects, (effects & CallEffects.Close) != 0 && ConnectedGuards.IsGuardedByConnected(call)));
            }
        }
    }

    private void AddStep(List<Step> steps, ConnectionEvent connectionEvent)
    {
        _events.Add(connectionEvent);
        steps.Add(new Step(connectionEvent));
    }

    /// <summary>
    /// The exception type an assertion on the caught exception states: <c>Debug.Assert(e is T)</c>, <c>Trace.Assert</c>,
    /// <c>Assert.IsType&lt;T&gt;(e)</c>, <c>Assert.IsAssignableFrom&lt;T&gt;(e)</c>, <c>Assert.IsInstanceOf&lt;T&gt;(e)</c>,
    /// <c>Assert.IsInstanceOfType(e, typeof(T))</c>.
    /// </summary>
    private static ITypeSymbol? AssertedExceptionType(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType is not { } type || invocation.Arguments.IsEmpty)
        {
            return null;
        }

        if (type.Name is "Debug" or "Trace" && method.Name == "Assert")
        {
            return ConnectionSemantics.Strip(invocation.Arguments[0].Value) switch
            {
                IIsTypeOperation isType => isType.TypeOperand,
                IIsPatternOperation { Pattern: IDeclarationPatternOperation declaration } => declaration.MatchedType,
                IIsPatternOperation { Pattern: ITypePatternOperation typePattern } => typePattern.MatchedType,
                _ => null,
            };
        }

        if (type.Name != "Assert")
        {
            return null;
        }

        if (method.Name is "IsType" or "IsAssignableFrom" or "IsInstanceOf" && method.TypeArguments.Length == 1)
        {
            return method.TypeArguments[0];
        }

        return method.Name == "IsInstanceOfType" && invocation.Arguments.Length >= 2 &&
               ConnectionSemantics.Strip(invocation.Arguments[1].Value) is ITypeOfOperation typeOf
            ? typeOf.TypeOperand
            : null;
    }

    /// <summary>One event on a connection, or (no event) a point where an exception may be thrown.</summary>
    private readonly struct Step
    {
        public static readonly Step ThrowPoint = new(null, null, setsFailureFlag: false, acquires: -1);

        /// <summary>The body's failure flag is set here.</summary>
        public static readonly Step SetFailureFlag = new(null, null, setsFailureFlag: true, acquires: -1);

        public Step(ConnectionEvent connectionEvent)
            : this(connectionEvent, recovers: null, setsFailureFlag: false, acquires: -1)
        {
        }

        private Step(ConnectionEvent? connectionEvent, ControlFlowRegion? recovers, bool setsFailureFlag, int acquires)
        {
            Event = connectionEvent;
            Recovers = recovers;
            SetsFailureFlag = setsFailureFlag;
            Acquires = acquires;
        }

        /// <summary>A connect of <paramref name="connection"/> completed here.</summary>
        public static Step Acquire(int connection) => new(null, null, setsFailureFlag: false, acquires: connection);

        /// <summary>The connection a completed connect acquired (-1: none).</summary>
        public int Acquires { get; }

        public bool SetsFailureFlag { get; }

        /// <summary>A point in a catch handler after which the handler's exception is known not to be a connection error.</summary>
        public static Step Recover(ControlFlowRegion handler) => new(null, handler, setsFailureFlag: false, acquires: -1);

        public ConnectionEvent? Event { get; }

        public ControlFlowRegion? Recovers { get; }
    }
}
