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
/// The per-method connection analysis every path-sensitive rule reads. A forward "may" analysis over Roslyn's
/// control flow graph tracking <see cref="ConnectionFlags"/> per connection, with:
/// <list type="bullet">
/// <item>exceptions: every state inside a try region may reach its catch and finally handlers; a catch that
/// catches a connection error (type and filter) marks the connections its try did I/O on as failed;</item>
/// <item>finally: because every operation gens/kills single flags, a finally region's effect on any input is
/// exactly <c>(in AND F(all)) OR F(none)</c>, so each branch through it keeps its own path facts (two transfers
/// read another flag — a read after a shutdown for sending, a test of the failure flag — and are approximated
/// there);</item>
/// <item>lambdas and local functions: analyzed as their own bodies, with fresh state.</item>
/// </list>
/// It gives up (returns null) on graphs it cannot bound: too many connections or no convergence.
/// </summary>
public sealed class ConnectionFlowAnalysis
{
    private const int MaxConnections = FlowState.MaxSlots;
    private const int MaxOuterIterations = 16;

    /// <summary>The solver recurses once per finally region inside another (Run → ThroughFinally → Run); deeper graphs are not analyzed.</summary>
    private const int MaxFinallyNesting = 32;

    private readonly ControlFlowGraph _graph;
    private readonly ConnectionSemantics _semantics;
    private readonly ConnectionTable _table;
    private readonly FlowOperations _operations;
    private readonly CancellationToken _cancellationToken;
    private readonly List<Step>[] _steps;
    private readonly ControlFlowRegion?[] _nearestTry;
    private readonly Dictionary<ControlFlowRegion, (FlowState Mask, FlowState Gen)> _finallySummaries = new();
    private readonly Dictionary<ControlFlowRegion, FlowState> _finallyInputs = new();
    private readonly Dictionary<ControlFlowRegion, FlowState> _exceptional = new();
    private readonly Dictionary<ControlFlowRegion, ImmutableHashSet<int>> _ioInTry = new();
    private readonly Dictionary<ControlFlowRegion, bool> _catchesConnectionError = new();
    private readonly List<ConnectionEvent> _events = new();
    private readonly List<ConnectionEvent> _creations = new();
    private readonly (EdgeEffect? Conditional, EdgeEffect? FallThrough)[] _edgeEffects;
    private readonly (bool OnConditional, ImmutableHashSet<int> Connections)?[] _completionFailures;
    private readonly (bool OnConditional, ControlFlowRegion Handler)?[] _transientBranches;
    private readonly bool?[] _flagNotSetBranches;
    private (ISymbol Symbol, bool Value)? _failureFlag;
    private FlowState? _normalExit;
    private readonly List<IFlowAnonymousFunctionOperation> _lambdas = new();
    private readonly Dictionary<IOperation, int> _connectsAwaited = new();
    private bool _changed;

    private ConnectionFlowAnalysis(ControlFlowGraph graph, FlowOperations operations, ConnectionSemantics semantics, ConnectionTable table, CancellationToken cancellationToken)
    {
        _graph = graph;
        _operations = operations;
        _semantics = semantics;
        _table = table;
        _cancellationToken = cancellationToken;
        _steps = new List<Step>[graph.Blocks.Length];
        _nearestTry = new ControlFlowRegion?[graph.Blocks.Length];
        _edgeEffects = new (EdgeEffect?, EdgeEffect?)[graph.Blocks.Length];
        _completionFailures = new (bool, ImmutableHashSet<int>)?[graph.Blocks.Length];
        _transientBranches = new (bool, ControlFlowRegion)?[graph.Blocks.Length];
        _flagNotSetBranches = new bool?[graph.Blocks.Length];
    }

    /// <summary>Indexes in the state: one per connection, then one per creation site (its OwnedOpen flag).</summary>
    private int SlotCount => _table.Count + _creations.Count;

    /// <summary>The results for a body and, each on its own, every lambda and local function in it.</summary>
    public static ImmutableArray<ConnectionFlowResult> AnalyzeWithNestedFunctions(ControlFlowGraph graph, ConnectionSemantics semantics, CancellationToken cancellationToken)
    {
        var results = ImmutableArray.CreateBuilder<ConnectionFlowResult>();
        var pending = new Stack<ControlFlowGraph>();
        pending.Push(graph);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            var analysis = Analyze(current, semantics, cancellationToken, out var lambdas);
            if (analysis is not null)
            {
                results.Add(analysis);
            }

            foreach (var lambda in lambdas)
            {
                pending.Push(current.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken));
            }

            foreach (var localFunction in current.LocalFunctions)
            {
                pending.Push(current.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken));
            }
        }

        return results.ToImmutable();
    }

    private static ConnectionFlowResult? Analyze(ControlFlowGraph graph, ConnectionSemantics semantics, CancellationToken cancellationToken, out List<IFlowAnonymousFunctionOperation> lambdas)
    {
        var operations = FlowOperations.Of(graph);
        var table = ConnectionTable.Build(graph, operations, semantics);
        var analysis = new ConnectionFlowAnalysis(graph, operations, semantics, table, cancellationToken);
        analysis.PrepareSteps();
        lambdas = analysis._lambdas;
        if (table.Count == 0 || analysis.SlotCount > MaxConnections || analysis._events.Count == 0)
        {
            return null;
        }

        if (FinallyNesting(graph.Root) > MaxFinallyNesting || !analysis.Solve())
        {
            return null;
        }

        // A state not reached is empty (the default).
        analysis._exceptional.TryGetValue(graph.Root, out var exceptionalExit);
        return new ConnectionFlowResult(
            graph, table, analysis._events.ToImmutableArray(), analysis._creations.ToImmutableArray(),
            analysis._normalExit ?? FlowState.Empty, exceptionalExit);
    }

    /// <summary>How many finally regions sit inside one another at most, counted with a loop over the region tree.</summary>
    private static int FinallyNesting(ControlFlowRegion root)
    {
        var deepest = 0;
        var pending = new Stack<(ControlFlowRegion Region, int Finallies)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (region, finallies) = pending.Pop();
            if (region.Kind == ControlFlowRegionKind.Finally)
            {
                finallies++;
                deepest = System.Math.Max(deepest, finallies);
            }

            foreach (var nested in region.NestedRegions)
            {
                pending.Push((nested, finallies));
            }
        }

        return deepest;
    }

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

    private bool Solve()
    {
        for (var iteration = 0; iteration < MaxOuterIterations; iteration++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _changed = false;
            _normalExit = Run(_graph.Root, _graph.Blocks[0].Ordinal, FlowState.Empty, record: true, _exceptional);
            foreach (var pair in new List<KeyValuePair<ControlFlowRegion, FlowState>>(_finallyInputs))
            {
                Run(pair.Key, pair.Key.FirstBlockOrdinal, pair.Value, record: true, _exceptional);
            }

            if (!_changed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Runs the blocks of <paramref name="scope"/> from <paramref name="entry"/> to a fixpoint, seeding its exception
    /// handlers from the states inside their try regions; returns the join of the states that leave the scope.
    /// </summary>
    private FlowState Run(ControlFlowRegion scope, int entry, FlowState input, bool record, Dictionary<ControlFlowRegion, FlowState> exceptional)
    {
        var inputs = new Dictionary<int, FlowState> { [entry] = input };
        var worklist = new SortedSet<int> { entry };
        var end = FlowState.Empty;
        while (true)
        {
            while (worklist.Count > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var ordinal = worklist.Min;
                worklist.Remove(ordinal);
                var block = _graph.Blocks[ordinal];
                var state = inputs[ordinal];
                var tryRegion = _nearestTry[ordinal];
                foreach (var step in _steps[ordinal])
                {
                    if (step.Recovers is { } recoveredIn)
                    {
                        state = Recovered(state, recoveredIn);
                        continue;
                    }

                    if (step.SetsFailureFlag)
                    {
                        state = WithFailureFlagSet(state);
                        continue;
                    }

                    if (step.Acquires >= 0)
                    {
                        state = Acquired(state, step.Acquires);
                        continue;
                    }

                    if (step.Event is not { } connectionEvent)
                    {
                        // An operation that may throw: this state may reach the handlers.
                        Accumulate(exceptional, tryRegion, state, record);
                        continue;
                    }

                    if (record)
                    {
                        Record(connectionEvent, state);
                    }

                    if (connectionEvent.Kind == ConnectionEventKind.Call && (connectionEvent.Effects & (CallEffects.ShutdownSend | CallEffects.ShutdownOther)) != 0 &&
                        // A project method that shuts down and closes (its summary) is responsible for it even when it throws.
                        (connectionEvent.Effects & CallEffects.Close) == 0)
                    {
                        // A shutdown that throws failed because the peer is gone: closing then resets nothing.
                        var failedShutdown = state.With(connectionEvent.Connection, ConnectionFlags.None, ConnectionFlags.ReadWithoutShutdown);
                        if (SocketErrorHandlerOf(tryRegion) is { } handler && handler.FirstBlockOrdinal >= scope.FirstBlockOrdinal && handler.FirstBlockOrdinal <= scope.LastBlockOrdinal)
                        {
                            // It throws a SocketException (or ObjectDisposedException, when it is closed already): a
                            // handler of SocketException takes it, nothing goes further.
                            if (MergeInto(inputs, handler.FirstBlockOrdinal, HandlerInput(handler, tryRegion!, failedShutdown)))
                            {
                                worklist.Add(handler.FirstBlockOrdinal);
                            }
                        }
                        else
                        {
                            Accumulate(exceptional, tryRegion, failedShutdown, record);
                        }
                    }

                    state = Transfer(state, connectionEvent);
                }

                if (block.Kind == BasicBlockKind.Exit)
                {
                    end = end.Join(state);
                    continue;
                }

                var (conditionalEdge, fallThroughEdge) = _edgeEffects[ordinal];
                for (var edgeIndex = 0; edgeIndex < 2; edgeIndex++)
                {
                    var branch = edgeIndex == 0 ? block.FallThroughSuccessor : block.ConditionalSuccessor;
                    if (branch is null || IsNeverTaken(block, branch))
                    {
                        continue;
                    }

                    if (branch.Semantics is ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow)
                    {
                        Accumulate(exceptional, tryRegion, state, record);
                        continue;
                    }

                    if (branch.Destination is null)
                    {
                        // The end of a finally or filter region.
                        // The end of a filter is not a way out of the scope: its state reaches the handler (seeded from the try).
                        if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling &&
                            block.EnclosingRegion.Kind != ControlFlowRegionKind.Filter)
                        {
                            end = end.Join(state);
                        }

                        continue;
                    }

                    var through = state;
                    if ((branch.IsConditionalSuccessor ? conditionalEdge : fallThroughEdge) is { } edge)
                    {
                        through = through.With(edge.Connection, ConnectionFlags.None, edge.Kill);
                        through = edge.KillsCreations ? KillCreations(through, edge.Connection) : through;
                    }

                    if (_completionFailures[ordinal] is { } failure && failure.OnConditional == branch.IsConditionalSuccessor)
                    {
                        through = MarkFailed(through, failure.Connections);
                    }

                    if (_transientBranches[ordinal] is { } transient && transient.OnConditional == branch.IsConditionalSuccessor)
                    {
                        through = Recovered(through, transient.Handler);
                    }

                    if (_flagNotSetBranches[ordinal] is { } flagNotSet && flagNotSet == branch.IsConditionalSuccessor)
                    {
                        through = WithoutFlaggedFailures(through);
                    }

                    foreach (var finallyRegion in branch.FinallyRegions)
                    {
                        if (record)
                        {
                            AddFinallyInput(finallyRegion, through);
                        }

                        through = ThroughFinally(finallyRegion, through);
                    }

                    var destination = branch.Destination.Ordinal;
                    if (destination < scope.FirstBlockOrdinal || destination > scope.LastBlockOrdinal)
                    {
                        continue;
                    }

                    if (MergeInto(inputs, destination, through))
                    {
                        worklist.Add(destination);
                    }
                }
            }

            if (!SeedHandlers(scope, inputs, worklist, record, exceptional))
            {
                return end;
            }
        }
    }

    /// <summary>Feeds each try region's accumulated states to its catch handlers and through its finally. True when any handler input grew.</summary>
    private bool SeedHandlers(ControlFlowRegion scope, Dictionary<int, FlowState> inputs, SortedSet<int> worklist, bool record, Dictionary<ControlFlowRegion, FlowState> exceptional)
    {
        var grew = false;
        foreach (var region in HandlerRegionsOf(scope))
        {
            var tryRegion = region.NestedRegions[0];
            if (!exceptional.TryGetValue(tryRegion, out var atThrow))
            {
                continue;
            }

            var outer = NearestTry(region.EnclosingRegion);
            if (region.Kind == ControlFlowRegionKind.TryAndCatch)
            {
                for (var i = 1; i < region.NestedRegions.Length; i++)
                {
                    var handler = region.NestedRegions[i];
                    if (MergeInto(inputs, handler.FirstBlockOrdinal, HandlerInput(handler, tryRegion, atThrow)))
                    {
                        worklist.Add(handler.FirstBlockOrdinal);
                        grew = true;
                    }
                }

                // Unless a handler catches everything, the exception may go on to the outer handler.
                if (!CatchesEverything(region))
                {
                    grew |= Accumulate(exceptional, outer, atThrow, record);
                }
            }
            else
            {
                var finallyRegion = region.NestedRegions[1];
                if (record)
                {
                    // ReadWithoutShutdown describes a conversation ending normally (ConnectionFlags): a finally (or the
                    // end of a using) entered while an exception unwinds is not such an end, so the reads are not carried in.
                    AddFinallyInput(finallyRegion, WithoutReads(atThrow));
                }

                grew |= Accumulate(exceptional, outer, ThroughFinally(finallyRegion, atThrow), record);
            }
        }

        return grew;
    }

    /// <summary>The state a catch handler starts with when <paramref name="atThrow"/> is thrown in its try region.</summary>
    private FlowState HandlerInput(ControlFlowRegion handler, ControlFlowRegion tryRegion, FlowState atThrow) =>
        CatchesConnectionError(handler) ? MarkFailed(atThrow, IoConnectionsIn(tryRegion, handler)) : atThrow;

    /// <summary>The first catch clause (without a filter) of <paramref name="tryRegion"/> that takes every SocketException.</summary>
    private ControlFlowRegion? SocketErrorHandlerOf(ControlFlowRegion? tryRegion)
    {
        if (tryRegion?.EnclosingRegion is not { Kind: ControlFlowRegionKind.TryAndCatch } region)
        {
            return null;
        }

        for (var i = 1; i < region.NestedRegions.Length; i++)
        {
            var handler = region.NestedRegions[i];
            if (handler.Kind == ControlFlowRegionKind.Catch && ExceptionSources.Catches(handler.ExceptionType, _semantics.Model.SocketException))
            {
                return handler;
            }
        }

        return null;
    }

    /// <summary>The try/catch and try/finally regions whose handlers this scope runs (not those inside a nested finally).</summary>
    private IEnumerable<ControlFlowRegion> HandlerRegionsOf(ControlFlowRegion scope)
    {
        var stack = new Stack<ControlFlowRegion>();
        stack.Push(scope);
        while (stack.Count > 0)
        {
            var region = stack.Pop();
            foreach (var nested in region.NestedRegions)
            {
                if (nested.Kind is ControlFlowRegionKind.TryAndCatch or ControlFlowRegionKind.TryAndFinally)
                {
                    yield return nested;
                }

                if (nested.Kind != ControlFlowRegionKind.Finally)
                {
                    stack.Push(nested);
                }
            }
        }
    }

    private FlowState ThroughFinally(ControlFlowRegion finallyRegion, FlowState input)
    {
        if (!_finallySummaries.TryGetValue(finallyRegion, out var summary))
        {
            var scratch = new Dictionary<ControlFlowRegion, FlowState>();
            var mask = Run(finallyRegion, finallyRegion.FirstBlockOrdinal, FlowState.Full, record: false, scratch);
            var gen = Run(finallyRegion, finallyRegion.FirstBlockOrdinal, FlowState.Empty, record: false, new Dictionary<ControlFlowRegion, FlowState>());
            summary = (mask, gen);
            _finallySummaries[finallyRegion] = summary;
        }

        return input.ApplySummary(summary.Mask, summary.Gen);
    }

    /// <summary>The exit edge of <c>while (true)</c> (and any branch on a constant): no path takes it.</summary>
    private static bool IsNeverTaken(BasicBlock block, ControlFlowBranch branch)
    {
        if (block.ConditionKind == ControlFlowConditionKind.None ||
            block.BranchValue?.ConstantValue is not { HasValue: true, Value: bool value })
        {
            return false;
        }

        // The conditional successor is taken when the condition equals the block's ConditionKind.
        var conditionalTaken = value == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
        return branch.IsConditionalSuccessor ? !conditionalTaken : conditionalTaken;
    }

    private void AddFinallyInput(ControlFlowRegion finallyRegion, FlowState state)
    {
        var known = _finallyInputs.TryGetValue(finallyRegion, out var existing);
        var joined = known ? existing.Join(state) : state;
        if (!known || !joined.Equals(existing))
        {
            _finallyInputs[finallyRegion] = joined;
            _changed = true;
        }
    }

    private bool Accumulate(Dictionary<ControlFlowRegion, FlowState> exceptional, ControlFlowRegion? tryRegion, FlowState state, bool record)
    {
        var key = tryRegion ?? _graph.Root;
        var known = exceptional.TryGetValue(key, out var existing);
        var joined = known ? existing.Join(state) : state;
        if (known && joined.Equals(existing))
        {
            return false;
        }

        exceptional[key] = joined;
        if (record)
        {
            _changed = true;
        }

        return tryRegion is not null;
    }

    private static bool MergeInto(Dictionary<int, FlowState> inputs, int ordinal, FlowState state)
    {
        if (!inputs.TryGetValue(ordinal, out var existing))
        {
            inputs[ordinal] = state;
            return true;
        }

        var joined = existing.Join(state);
        if (joined.Equals(existing))
        {
            return false;
        }

        inputs[ordinal] = joined;
        return true;
    }

    private static void Record(ConnectionEvent connectionEvent, FlowState state) =>
        connectionEvent.StateBefore = connectionEvent.StateBefore is { } before ? before.Join(state) : state;

    private static bool CatchesEverything(ControlFlowRegion tryAndCatch)
    {
        for (var i = 1; i < tryAndCatch.NestedRegions.Length; i++)
        {
            var handler = tryAndCatch.NestedRegions[i];
            if (handler.Kind == ControlFlowRegionKind.Catch &&
                (handler.ExceptionType is null || handler.ExceptionType.SpecialType == SpecialType.System_Object ||
                 handler.ExceptionType is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }))
            {
                return true;
            }
        }

        return false;
    }

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

        var model = _semantics.Model;
        IOperation tested;
        string? code;
        bool equals;
        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                code = model.GetSocketErrorName(binary.RightOperand);
                tested = code is not null ? binary.LeftOperand : binary.RightOperand;
                code ??= model.GetSocketErrorName(binary.LeftOperand);
                equals = binary.OperatorKind == BinaryOperatorKind.Equals;
                break;
            case IIsPatternOperation { Pattern: IConstantPatternOperation constant } isPattern:
                (tested, code, equals) = (isPattern.Value, model.GetSocketErrorName(constant.Value), true);
                break;
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation negated } } isNotPattern:
                (tested, code, equals) = (isNotPattern.Value, model.GetSocketErrorName(negated.Value), false);
                break;
            default:
                return null;
        }

        if (code is null || EventArgsTestedBy(tested) is not { } eventArgs)
        {
            return null;
        }

        if (code == "Success")
        {
            return (eventArgs, !equals);
        }

        return equals && !SocketErrorCatalog.NonFatalSocketErrors.Contains(code) ? (eventArgs, true) : null;
    }

    /// <summary>The event args of <c>args.SocketError</c>.</summary>
    private ISymbol? EventArgsTestedBy(IOperation operation) =>
        ConnectionSemantics.Strip(operation) is IPropertyReferenceOperation { Property.Name: "SocketError", Instance: { } instance } property &&
        ConnectionModel.InheritsFrom(property.Property.ContainingType, _semantics.Model.SocketAsyncEventArgs)
            ? SymbolOfValue(instance)
            : null;

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

    /// <summary>The catch handler (as its try/catch lists it) whose code contains <paramref name="region"/>; null in a filter or outside handlers.</summary>
    private static ControlFlowRegion? HandlerOf(ControlFlowRegion? region)
    {
        for (var current = region; current?.EnclosingRegion is { } enclosing; current = enclosing)
        {
            if (current.Kind is ControlFlowRegionKind.Filter or ControlFlowRegionKind.Try)
            {
                return null;
            }

            if (enclosing.Kind == ControlFlowRegionKind.TryAndCatch && current.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.FilterAndHandler)
            {
                return current;
            }
        }

        return null;
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

    /// <summary>
    /// The connections a try region did I/O on (read, write, connect), nested regions included, whose I/O can raise
    /// what <paramref name="handler"/> catches: a socket's own calls throw SocketException, a stream's IOException.
    /// </summary>
    private ImmutableHashSet<int> IoConnectionsIn(ControlFlowRegion tryRegion, ControlFlowRegion handler)
    {
        if (!_ioInTry.TryGetValue(handler, out var connections))
        {
            var model = _semantics.Model;
            var takesSocketErrors = ExceptionSources.Catches(handler.ExceptionType, model.SocketException);
            var takesStreamErrors = ExceptionSources.Catches(handler.ExceptionType, model.IOException);
            var builder = ImmutableHashSet.CreateBuilder<int>();
            for (var ordinal = tryRegion.FirstBlockOrdinal; ordinal <= tryRegion.LastBlockOrdinal; ordinal++)
            {
                foreach (var step in _steps[ordinal])
                {
                    if (step.Event is { Kind: ConnectionEventKind.Call } connectionEvent && (connectionEvent.Effects & CallEffects.Io) != 0 &&
                        RaisedBy(connectionEvent.Operation) switch
                        {
                            ConnectionExceptionSources.SocketException => takesSocketErrors,
                            ConnectionExceptionSources.StreamIo => takesStreamErrors,
                            _ => true,
                        })
                    {
                        builder.Add(connectionEvent.Connection);
                    }
                }
            }

            connections = builder.ToImmutable();
            _ioInTry[handler] = connections;
        }

        return connections;
    }

    /// <summary>What a framework call's failure is raised as: a socket's own calls (and its extensions) throw SocketException, a stream, reader or writer's IOException; anything else is not known.</summary>
    private ConnectionExceptionSources RaisedBy(IOperation operation)
    {
        if (operation is not IInvocationOperation { TargetMethod: var method } ||
            SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _semantics.Compilation.Assembly))
        {
            return ConnectionExceptionSources.Unknown;
        }

        var model = _semantics.Model;
        var type = method.ContainingType;
        if (ConnectionModel.InheritsFrom(type, model.Socket) || ConnectionModel.InheritsFrom(type, model.TcpClient) ||
            model.ClassifySocketExtension(method) != ConnectionOperationKind.None)
        {
            return ConnectionExceptionSources.SocketException;
        }

        return ConnectionModel.InheritsFrom(type, model.Stream) || ConnectionModel.InheritsFrom(type, model.TextWriter) ||
               ConnectionModel.InheritsFrom(type, model.TextReader) || ConnectionModel.InheritsFrom(type, model.BinaryWriter) ||
               ConnectionModel.InheritsFrom(type, model.BinaryReader)
            ? ConnectionExceptionSources.StreamIo
            : ConnectionExceptionSources.Unknown;
    }

    /// <summary>A catch (or filter) region that can catch a reset or broken pipe: by type, and by filter when there is one.</summary>
    private bool CatchesConnectionError(ControlFlowRegion handler)
    {
        // Asked for every handler each time the solver seeds handlers; the answer depends on the handler alone.
        if (!_catchesConnectionError.TryGetValue(handler, out var catches))
        {
            catches = _semantics.Model.CatchMayTakeSocketError(handler.ExceptionType) &&
                      (FilterOf(handler) is not { } filter || !ExceptionFilters.AdmitsOnlyTransientErrors(filter, _semantics));
            _catchesConnectionError[handler] = catches;
        }

        return catches;
    }

    private IOperation? FilterOf(ControlFlowRegion handler)
    {
        if (handler.Kind != ControlFlowRegionKind.FilterAndHandler)
        {
            return null;
        }

        for (var ordinal = handler.FirstBlockOrdinal; ordinal <= handler.LastBlockOrdinal; ordinal++)
        {
            var block = _graph.Blocks[ordinal];
            var syntax = block.BranchValue?.Syntax ?? (block.Operations.IsEmpty ? null : block.Operations[0].Syntax);
            var clause = syntax?.FirstAncestorOrSelf<CatchClauseSyntax>();
            if (clause?.Filter is { } filterSyntax && _graph.OriginalOperation.SemanticModel is { } semanticModel)
            {
                return semanticModel.GetOperation(filterSyntax.FilterExpression, _cancellationToken);
            }
        }

        return null;
    }

    private static ControlFlowRegion? NearestTry(ControlFlowRegion? region)
    {
        for (var current = region; current is not null; current = current.EnclosingRegion)
        {
            if (current.Kind == ControlFlowRegionKind.Try)
            {
                return current;
            }
        }

        return null;
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
