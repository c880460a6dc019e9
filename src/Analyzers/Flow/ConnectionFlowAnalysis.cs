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
public sealed partial class ConnectionFlowAnalysis
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
        if (table.Count == 0 || analysis.SlotCount > MaxConnections)
        {
            return null;
        }

        if (analysis._events.Count == 0)
        {
            // Nothing sets a flag: every state is empty, no solving needed. The graph and its connections still answer
            // questions of their own (a read of a connection's member, <c>session.Stream.Read(..)</c>, is no event).
            return new ConnectionFlowResult(
                graph, table, ImmutableArray<ConnectionEvent>.Empty, ImmutableArray<ConnectionEvent>.Empty, FlowState.Empty, FlowState.Empty);
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
}
