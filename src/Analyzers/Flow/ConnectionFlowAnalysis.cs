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
/// exactly <c>(in AND F(all)) OR F(none)</c>, so each branch through it keeps its own path facts;</item>
/// <item>lambdas and local functions: analyzed as their own bodies, with fresh state.</item>
/// </list>
/// It gives up (returns null) on graphs it cannot bound: too many connections or no convergence.
/// </summary>
public sealed class ConnectionFlowAnalysis
{
    private const int MaxConnections = 64;
    private const int MaxOuterIterations = 16;

    private readonly ControlFlowGraph _graph;
    private readonly ConnectionSemantics _semantics;
    private readonly ConnectionTable _table;
    private readonly CancellationToken _cancellationToken;
    private readonly List<Step>[] _steps;
    private readonly ControlFlowRegion?[] _nearestTry;
    private readonly Dictionary<ControlFlowRegion, (FlowState Mask, FlowState Gen)> _finallySummaries = new();
    private readonly Dictionary<ControlFlowRegion, FlowState> _finallyInputs = new();
    private readonly Dictionary<ControlFlowRegion, FlowState> _exceptional = new();
    private readonly Dictionary<ControlFlowRegion, ImmutableHashSet<int>> _ioInTry = new();
    private readonly List<ConnectionEvent> _events = new();
    private readonly List<IFlowAnonymousFunctionOperation> _lambdas = new();
    private bool _changed;

    private ConnectionFlowAnalysis(ControlFlowGraph graph, ConnectionSemantics semantics, ConnectionTable table, CancellationToken cancellationToken)
    {
        _graph = graph;
        _semantics = semantics;
        _table = table;
        _cancellationToken = cancellationToken;
        _steps = new List<Step>[graph.Blocks.Length];
        _nearestTry = new ControlFlowRegion?[graph.Blocks.Length];
    }

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
        var table = ConnectionTable.Build(graph, semantics);
        var analysis = new ConnectionFlowAnalysis(graph, semantics, table, cancellationToken);
        analysis.PrepareSteps();
        lambdas = analysis._lambdas;
        if (table.Count == 0 || table.Count > MaxConnections || analysis._events.Count == 0)
        {
            return null;
        }

        return analysis.Solve() ? new ConnectionFlowResult(graph, table, analysis._events.ToImmutableArray()) : null;
    }

    /// <summary>
    /// Turns each block into its ordered steps on connections (computed once; the fixpoint replays them) and
    /// notes the nearest enclosing try region of each block.
    /// </summary>
    private void PrepareSteps()
    {
        foreach (var block in _graph.Blocks)
        {
            var steps = new List<Step>();
            foreach (var operation in FlowOperations.Of(block))
            {
                switch (operation)
                {
                    case IFlowAnonymousFunctionOperation lambda:
                        _lambdas.Add(lambda);
                        break;
                    case IInvocationOperation invocation:
                        AddInvocationSteps(invocation, steps);
                        break;
                    case ISimpleAssignmentOperation assignment when _table.SymbolOf(assignment.Target) is { } target &&
                                                                      _table.IndexOf(target) is { } connection &&
                                                                      _table.Resolve(assignment.Value) != connection:
                        AddStep(steps, new ConnectionEvent(assignment, connection, CallEffects.None, isGuardedByConnected: false));
                        break;
                }
            }

            _steps[block.Ordinal] = steps;
            _nearestTry[block.Ordinal] = NearestTry(block.EnclosingRegion);
        }
    }

    private void AddInvocationSteps(IInvocationOperation invocation, List<Step> steps)
    {
        var guarded = IsGuardedByConnected(invocation);
        if (invocation.Instance is { } instance)
        {
            if (ConnectionSemantics.Strip(instance) is IInstanceReferenceOperation)
            {
                // A call on this instance: the callee's effects land on this type's connection members.
                foreach (var pair in _semantics.GetSummary(invocation.TargetMethod).OnFields)
                {
                    if (_table.IndexOf(pair.Key) is { } member)
                    {
                        AddStep(steps, new ConnectionEvent(invocation, member, pair.Value, guarded));
                    }
                }
            }
            else if (_table.Resolve(instance) is { } receiver && _semantics.EffectOnReceiver(invocation) is var effects && effects != CallEffects.None)
            {
                AddStep(steps, new ConnectionEvent(invocation, receiver, effects, guarded));
            }
        }

        foreach (var argument in invocation.Arguments)
        {
            if (_table.Resolve(argument.Value) is { } connection && _semantics.EffectOnArgument(invocation, argument) is var effects && effects != CallEffects.None)
            {
                AddStep(steps, new ConnectionEvent(invocation, connection, effects, guarded));
            }
        }
    }

    private void AddStep(List<Step> steps, ConnectionEvent connectionEvent)
    {
        _events.Add(connectionEvent);
        var (gen, kill) = GenKill(connectionEvent);
        steps.Add(new Step(connectionEvent, gen, kill));
    }

    private static (ConnectionFlags Gen, ConnectionFlags Kill) GenKill(ConnectionEvent connectionEvent)
    {
        var effects = connectionEvent.Effects;
        if (connectionEvent.IsReassignment)
        {
            return (ConnectionFlags.None, ConnectionFlags.Failed | ConnectionFlags.ShutDownForSending | ConnectionFlags.ReadWithoutShutdown);
        }

        var gen = ConnectionFlags.None;
        var kill = ConnectionFlags.None;
        if ((effects & CallEffects.Read) != 0)
        {
            gen |= ConnectionFlags.ReadWithoutShutdown;
        }

        if ((effects & CallEffects.ShutdownSend) != 0)
        {
            gen |= ConnectionFlags.ShutDownForSending;
            gen &= ~ConnectionFlags.ReadWithoutShutdown;
            kill |= ConnectionFlags.ReadWithoutShutdown;
        }

        if ((effects & CallEffects.Close) != 0 && !connectionEvent.IsGuardedByConnected)
        {
            gen &= ~(ConnectionFlags.Failed | ConnectionFlags.OwnedOpen | ConnectionFlags.ReadWithoutShutdown);
            kill |= ConnectionFlags.Failed | ConnectionFlags.OwnedOpen | ConnectionFlags.ReadWithoutShutdown;
        }

        return (gen, kill);
    }

    private bool Solve()
    {
        var empty = FlowState.Empty(_table.Count);
        for (var iteration = 0; iteration < MaxOuterIterations; iteration++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _changed = false;
            Run(_graph.Root, _graph.Blocks[0].Ordinal, empty, record: true, _exceptional);
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
        var end = FlowState.Empty(_table.Count);
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
                Accumulate(exceptional, tryRegion, state, record);
                foreach (var step in _steps[ordinal])
                {
                    if (record)
                    {
                        Record(step.Event, state);
                    }

                    state = state.With(step.Event.Connection, step.Gen, step.Kill);
                    Accumulate(exceptional, tryRegion, state, record);
                }

                if (block.Kind == BasicBlockKind.Exit)
                {
                    end = end.Join(state);
                    continue;
                }

                foreach (var branch in new[] { block.FallThroughSuccessor, block.ConditionalSuccessor })
                {
                    if (branch is null)
                    {
                        continue;
                    }

                    if (branch.Destination is null)
                    {
                        // The end of a finally or filter region (a throw's state is already in its try's accumulator).
                        if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
                        {
                            end = end.Join(state);
                        }

                        continue;
                    }

                    var through = state;
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
                    var state = CatchesConnectionError(handler) ? MarkFailed(atThrow, IoConnectionsIn(tryRegion)) : atThrow;
                    if (MergeInto(inputs, handler.FirstBlockOrdinal, state))
                    {
                        worklist.Add(handler.FirstBlockOrdinal);
                        grew = true;
                    }
                }

                // Not every exception is caught: the state may go on to the outer handler.
                grew |= Accumulate(exceptional, outer, atThrow, record);
            }
            else
            {
                var finallyRegion = region.NestedRegions[1];
                if (record)
                {
                    AddFinallyInput(finallyRegion, atThrow);
                }

                grew |= Accumulate(exceptional, outer, ThroughFinally(finallyRegion, atThrow), record);
            }
        }

        return grew;
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
            var mask = Run(finallyRegion, finallyRegion.FirstBlockOrdinal, FlowState.Full(_table.Count), record: false, scratch);
            var gen = Run(finallyRegion, finallyRegion.FirstBlockOrdinal, FlowState.Empty(_table.Count), record: false, new Dictionary<ControlFlowRegion, FlowState>());
            summary = (mask, gen);
            _finallySummaries[finallyRegion] = summary;
        }

        return input.ApplySummary(summary.Mask, summary.Gen);
    }

    private void AddFinallyInput(ControlFlowRegion finallyRegion, FlowState state)
    {
        var joined = _finallyInputs.TryGetValue(finallyRegion, out var existing) ? existing.Join(state) : state;
        if (existing is null || !joined.Equals(existing))
        {
            _finallyInputs[finallyRegion] = joined;
            _changed = true;
        }
    }

    private bool Accumulate(Dictionary<ControlFlowRegion, FlowState> exceptional, ControlFlowRegion? tryRegion, FlowState state, bool record)
    {
        var key = tryRegion ?? _graph.Root;
        var joined = exceptional.TryGetValue(key, out var existing) ? existing.Join(state) : state;
        if (existing is not null && joined.Equals(existing))
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

    private static void Record(ConnectionEvent connectionEvent, FlowState state)
    {
        connectionEvent.Before |= state[connectionEvent.Connection];
        connectionEvent.IsReached = true;
    }

    private FlowState MarkFailed(FlowState state, ImmutableHashSet<int> connections)
    {
        foreach (var connection in connections)
        {
            state = state.With(connection, ConnectionFlags.Failed, ConnectionFlags.None);
        }

        return state;
    }

    /// <summary>The connections a try region did I/O on (read, write, connect), nested regions included.</summary>
    private ImmutableHashSet<int> IoConnectionsIn(ControlFlowRegion tryRegion)
    {
        if (!_ioInTry.TryGetValue(tryRegion, out var connections))
        {
            var builder = ImmutableHashSet.CreateBuilder<int>();
            for (var ordinal = tryRegion.FirstBlockOrdinal; ordinal <= tryRegion.LastBlockOrdinal; ordinal++)
            {
                foreach (var step in _steps[ordinal])
                {
                    if ((step.Event.Effects & CallEffects.Io) != 0)
                    {
                        builder.Add(step.Event.Connection);
                    }
                }
            }

            connections = builder.ToImmutable();
            _ioInTry[tryRegion] = connections;
        }

        return connections;
    }

    /// <summary>A catch (or filter) region that can catch a reset or broken pipe: by type, and by filter when there is one.</summary>
    private bool CatchesConnectionError(ControlFlowRegion handler)
    {
        var type = handler.ExceptionType;
        if (type is not null && type.SpecialType != SpecialType.System_Object && !_semantics.Model.CanCarrySocketError(type))
        {
            return false;
        }

        var filter = FilterOf(handler);
        return filter is null || !ExceptionFilters.AdmitsOnlyTransientErrors(filter, _semantics.Model);
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

    /// <summary><c>if (c.Connected) c.Close();</c> and the like: the close sits under a condition that reads Connected.</summary>
    private static bool IsGuardedByConnected(IInvocationOperation invocation)
    {
        for (var node = invocation.Syntax.Parent; node is not null && node is not MemberDeclarationSyntax; node = node.Parent)
        {
            var condition = node switch
            {
                IfStatementSyntax ifStatement when ifStatement.Statement.Span.Contains(invocation.Syntax.Span) => ifStatement.Condition,
                ConditionalExpressionSyntax conditional when conditional.WhenTrue.Span.Contains(invocation.Syntax.Span) => conditional.Condition,
                BinaryExpressionSyntax binary when binary.Right.Span.Contains(invocation.Syntax.Span) => binary.Left,
                _ => null,
            };
            if (condition is not null && MentionsConnected(condition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MentionsConnected(SyntaxNode condition)
    {
        foreach (var identifier in condition.DescendantNodesAndSelf())
        {
            if (identifier is IdentifierNameSyntax { Identifier.ValueText: "Connected" })
            {
                return true;
            }
        }

        return false;
    }

    private readonly struct Step
    {
        public Step(ConnectionEvent connectionEvent, ConnectionFlags gen, ConnectionFlags kill)
        {
            Event = connectionEvent;
            Gen = gen;
            Kill = kill;
        }

        public ConnectionEvent Event { get; }
        public ConnectionFlags Gen { get; }
        public ConnectionFlags Kill { get; }
    }
}
