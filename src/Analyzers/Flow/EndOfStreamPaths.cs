using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>
/// The paths a read of a connection takes, in one analyzed body's control flow graph, after it returned the end of
/// the stream (0, -1 or null): whether control comes back to the same read without leaving the loop around it — no
/// <c>break</c>, <c>return</c>, <c>throw</c> or jump out reached through a test of the result (or of a variable set
/// from it, or of the loop condition failing on it).
/// </summary>
/// <remarks>
/// The graph is followed from the read with what is known at the end of the stream (<see cref="Fact"/>). A branch
/// whose condition is known follows its side; one whose condition is unknown but depends on the result
/// (<c>n &lt; buffer.Length</c>, <c>!Handle(buffer, n)</c>, or any part of a <c>&amp;&amp;</c>/<c>||</c> chain with such a
/// part) is trusted: either side leaving is enough; one unrelated to the result (<c>if (stopping) break;</c>,
/// <c>while (client.Connected)</c>) must leave on both sides, because the loop spins whenever it does not hold.
/// Exceptions are not followed (a <c>throw</c> leaves), but a read in a catch is reached again when its try runs again.
/// A cycle that does not pass the read (a nested loop) never ends when only known tests led around it; when a test
/// that may go either way did, its other side decides. A search that grows too long gives up, and giving up answers
/// "leaves" (no finding).
/// </remarks>
internal sealed partial class EndOfStreamPaths
{
    private const int MaxSteps = 4000;
    private const int MaxDepth = 200;

    private readonly ControlFlowGraph _graph;
    private readonly ConnectionTable _table;
    private readonly CancellationToken _cancellationToken;
    private Dictionary<SyntaxNode, (IInvocationOperation Read, int Block)>? _reads;
    private List<IOperation>? _roots;

    public EndOfStreamPaths(ConnectionFlowResult result, CancellationToken cancellationToken)
    {
        _graph = result.Graph;
        _table = result.Connections;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// The connection the read at <paramref name="syntax"/> reads from, when the read is in this graph (not in a lambda or
    /// local function analyzed on its own) and its receiver is one of the graph's connections.
    /// </summary>
    public int? ConnectionOf(SyntaxNode syntax) =>
        Reads().TryGetValue(syntax, out var read) ? ConnectionOfReceiver(read.Read.Instance) : null;

    /// <summary>The variable the connection of the read at <paramref name="syntax"/> comes down to (<see cref="ConnectionTable.OriginOf"/>).</summary>
    public ISymbol? OriginOf(SyntaxNode syntax) =>
        Reads().TryGetValue(syntax, out var read) && HolderOf(read.Read.Instance) is { } holder ? _table.OriginOf(holder) : null;

    /// <summary>
    /// The connection a receiver belongs to: one of the table's, or a member of an object that is one
    /// (<c>session.Stream</c>, <c>reader.BaseStream</c>: that object holds it).
    /// </summary>
    private int? ConnectionOfReceiver(IOperation? receiver) => HolderOf(receiver) is { } holder ? _table.Resolve(holder) : null;

    private IOperation? HolderOf(IOperation? receiver)
    {
        for (var steps = 0; receiver is not null && steps < 16; steps++)
        {
            if (_table.Resolve(receiver) is not null)
            {
                return receiver;
            }

            receiver = ConnectionSemantics.Strip(receiver) is IMemberReferenceOperation
            {
                Member: IFieldSymbol or IPropertySymbol, Instance: { } instance and not IInstanceReferenceOperation,
            } member && member is not IPropertyReferenceOperation { Arguments.IsEmpty: false }
                ? instance
                : null;
        }

        return null;
    }

    /// <summary>
    /// Whether the read at <paramref name="syntax"/>, having returned <paramref name="endValue"/>, reaches itself again
    /// without leaving <paramref name="loop"/>. False also when the read is not in this graph or the search gives up.
    /// </summary>
    public bool ReadsAgainWithoutLeaving(SyntaxNode syntax, object? endValue, ILoopOperation loop)
    {
        if (!Reads().TryGetValue(syntax, out var read) || ConnectionOfReceiver(read.Read.Instance) is not { } connection ||
            LoopBlocks(loop) is not { } range || read.Block < range.First || read.Block > range.Last)
        {
            return false;
        }

        var search = new Search(this, read.Read, _graph.Blocks[read.Block], endValue, connection, range);
        return !search.LeavesFromRead(_graph.Blocks[read.Block]);
    }

    /// <summary>The reads of this graph by their syntax (a lambda's are in its own graph), with the block they are in.</summary>
    private Dictionary<SyntaxNode, (IInvocationOperation Read, int Block)> Reads()
    {
        if (_reads is not null)
        {
            return _reads;
        }

        var reads = new Dictionary<SyntaxNode, (IInvocationOperation Read, int Block)>();
        foreach (var block in _graph.Blocks)
        {
            foreach (var root in RootsOf(block))
            {
                foreach (var operation in DescendantsAndSelf(root))
                {
                    if (operation is IInvocationOperation { Instance: not null } invocation && !reads.ContainsKey(invocation.Syntax))
                    {
                        reads.Add(invocation.Syntax, (invocation, block.Ordinal));
                    }
                }
            }
        }

        return _reads = reads;
    }

    /// <summary>
    /// The ordinals of the loop's blocks: the graph lays a statement's blocks out one after another, so the loop is
    /// the range from the first to the last block with code of the loop (a for loop's initializers and a foreach
    /// loop's collection run once before it, and are not part of it).
    /// </summary>
    private (int First, int Last)? LoopBlocks(ILoopOperation loop)
    {
        var span = loop.Syntax.Span;
        var before = new List<TextSpan>();
        switch (loop)
        {
            case IForLoopOperation forLoop:
                foreach (var initializer in forLoop.Before)
                {
                    before.Add(initializer.Syntax.Span);
                }

                break;
            case IForEachLoopOperation forEach:
                before.Add(forEach.Collection.Syntax.Span);
                break;
        }

        int? first = null;
        var last = -1;
        foreach (var block in _graph.Blocks)
        {
            foreach (var root in RootsOf(block))
            {
                var rootSpan = root.Syntax.Span;
                if (root.Syntax.SyntaxTree == loop.Syntax.SyntaxTree && span.Contains(rootSpan) && !before.Exists(initializer => initializer.Contains(rootSpan)))
                {
                    first ??= block.Ordinal;
                    last = block.Ordinal;
                    break;
                }
            }
        }

        if (first is not { } start)
        {
            return null;
        }

        // Blocks without code right after are the loop's too when they are in a region that starts in it (a finally's
        // end, a catch that only breaks) or lead back into it (the continue point of a loop without a condition).
        while (last + 1 < _graph.Blocks.Length && _graph.Blocks[last + 1] is { Kind: BasicBlockKind.Block, Operations.IsEmpty: true, BranchValue: null } next &&
               (next.EnclosingRegion.FirstBlockOrdinal >= start && next.EnclosingRegion.FirstBlockOrdinal <= next.Ordinal ||
                next.FallThroughSuccessor?.Destination is { } destination && destination.Ordinal >= start && destination.Ordinal <= next.Ordinal))
        {
            last++;
        }

        return (start, last);
    }

    /// <summary>Every block's operations and branch value, for the chains of <c>&amp;&amp;</c> and <c>||</c> the graph splits over blocks.</summary>
    private List<IOperation> Roots()
    {
        if (_roots is null)
        {
            _roots = new List<IOperation>();
            foreach (var block in _graph.Blocks)
            {
                _roots.AddRange(RootsOf(block));
            }
        }

        return _roots;
    }

    private static IEnumerable<IOperation> RootsOf(BasicBlock block)
    {
        foreach (var operation in block.Operations)
        {
            yield return operation;
        }

        if (block.BranchValue is { } branchValue)
        {
            yield return branchValue;
        }
    }

    /// <summary>An operation and everything under it, a lambda's body left out (it is its own graph).</summary>
    private static IEnumerable<IOperation> DescendantsAndSelf(IOperation root)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            if (current is IFlowAnonymousFunctionOperation)
            {
                continue;
            }

            foreach (var child in current.ChildOperations)
            {
                stack.Push(child);
            }
        }
    }

    private static bool Contains(IOperation root, IOperation operation)
    {
        for (var node = operation; node is not null; node = node.Parent)
        {
            if (node == root)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One search from one read: the known values, the memo of answers per block and state, the bounds.</summary>
    private sealed partial class Search
    {
        private readonly EndOfStreamPaths _paths;
        private readonly IInvocationOperation _read;
        private readonly object? _endValue;
        private readonly int _connection;
        private readonly (int First, int Last) _loop;
        private readonly Dictionary<(int Block, Env Env), bool> _answers = new();
        private readonly Dictionary<(int Block, Env Env), int> _open = new();
        private readonly ImmutableArray<ControlFlowRegion> _triesAroundRead;
        private int _choices;
        private int _steps;
        private int _depth;
        private bool _gaveUp;
        private int _evaluationNesting;

        public Search(EndOfStreamPaths paths, IInvocationOperation read, BasicBlock readBlock, object? endValue, int connection, (int First, int Last) loop)
        {
            _paths = paths;
            _read = read;
            _endValue = endValue;
            _connection = connection;
            _loop = loop;
            _triesAroundRead = TriesAround(readBlock);
        }

        /// <summary>The try regions whose catch (or filter) holds the read: an exception there brings control to it.</summary>
        private static ImmutableArray<ControlFlowRegion> TriesAround(BasicBlock readBlock)
        {
            var tries = ImmutableArray.CreateBuilder<ControlFlowRegion>();
            for (var region = readBlock.EnclosingRegion; region is not null; region = region.EnclosingRegion)
            {
                if (region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.FilterAndHandler &&
                    region.EnclosingRegion is { } handlers)
                {
                    var tryAndHandlers = handlers.Kind == ControlFlowRegionKind.FilterAndHandler ? handlers.EnclosingRegion : handlers;
                    if (tryAndHandlers is { Kind: ControlFlowRegionKind.TryAndCatch } && tryAndHandlers.NestedRegions[0].Kind == ControlFlowRegionKind.Try)
                    {
                        tries.Add(tryAndHandlers.NestedRegions[0]);
                    }
                }
            }

            return tries.ToImmutable();
        }

        private bool IsInTryAroundRead(BasicBlock block)
        {
            foreach (var tryRegion in _triesAroundRead)
            {
                if (block.Ordinal >= tryRegion.FirstBlockOrdinal && block.Ordinal <= tryRegion.LastBlockOrdinal)
                {
                    return true;
                }
            }

            return false;
        }

        private ControlFlowGraph Graph => _paths._graph;

        /// <summary>Whether every path from the read, at the end of the stream, leaves the loop (true also when the search gives up).</summary>
        public bool LeavesFromRead(BasicBlock block)
        {
            var env = Env.Empty;
            for (var index = 0; index < block.Operations.Length; index++)
            {
                var operation = block.Operations[index];
                if (!Contains(operation, _read))
                {
                    continue;
                }

                if (operation is IReturnOperation)
                {
                    // A yield return hands the result to the consumer, which decides.
                    return true;
                }

                env = Effects(operation, env);
                return RunFrom(block, index + 1, env, frames: null) || _gaveUp;
            }

            // The read is in the branch value: the condition decides at once.
            return Branches(block, env, frames: null, atRead: true) || _gaveUp;
        }

        /// <summary>Runs the block's operations from <paramref name="index"/>, then its branches.</summary>
        private bool RunFrom(BasicBlock block, int index, Env env, Frames? frames)
        {
            if (!Enter())
            {
                return true;
            }

            try
            {
                var key = (block.Ordinal, env);
                var memoized = index == 0 && frames is null;
                if (memoized)
                {
                    if (_answers.TryGetValue(key, out var known))
                    {
                        return known;
                    }

                    if (_open.TryGetValue(key, out var choicesAtEntry))
                    {
                        // A cycle that does not pass the read (a nested loop). Taken through tests that are known at
                        // the end (`while (n == 0) Sleep(..)`), it never ends: the loop does not leave. Taken through
                        // a test that may go either way, the other way decides.
                        return _choices != choicesAtEntry;
                    }

                    if (IsInTryAroundRead(block))
                    {
                        // Anything here may throw into the handler that holds the read: as good as reaching it.
                        return false;
                    }

                    _open.Add(key, _choices);
                }

                var leaves = RunBlock(block, index, env, frames);
                if (memoized)
                {
                    _open.Remove(key);
                    _answers[key] = leaves;
                }

                return leaves;
            }
            finally
            {
                _depth--;
            }
        }

        private bool RunBlock(BasicBlock block, int index, Env env, Frames? frames)
        {
            if (block.Kind == BasicBlockKind.Exit)
            {
                return true;
            }

            for (; index < block.Operations.Length; index++)
            {
                var operation = block.Operations[index];
                if (Contains(operation, _read))
                {
                    // Back at the read: it returns the end of the stream again, and again.
                    return false;
                }

                if (operation is IReturnOperation { Kind: OperationKind.YieldReturn, ReturnedValue: { } yielded } && IsDependent(yielded, env))
                {
                    return true;
                }

                env = Effects(operation, env);
            }

            return Branches(block, env, frames, atRead: false);
        }

        /// <summary>Follows the block's way out: the side a known condition takes, either side of a dependent one, both of an unrelated one.</summary>
        private bool Branches(BasicBlock block, Env env, Frames? frames, bool atRead)
        {
            if (block.BranchValue is { } value)
            {
                if (!atRead && Contains(value, _read))
                {
                    return false;
                }

                env = Effects(value, env);
            }

            if (block.ConditionKind == ControlFlowConditionKind.None || block.BranchValue is not { } condition)
            {
                return block.FallThroughSuccessor is not { } next || Follow(next, env, frames);
            }

            var fact = Evaluate(condition, env);
            if (fact is { IsKnown: true, Value: bool known })
            {
                // The conditional successor is taken when the condition equals the block's ConditionKind.
                var taken = known == (block.ConditionKind == ControlFlowConditionKind.WhenTrue) ? block.ConditionalSuccessor : block.FallThroughSuccessor;
                return taken is null || Follow(taken, env, frames);
            }

            bool Side(ControlFlowBranch? branch)
            {
                _choices++;
                return branch is null || Follow(branch, env, frames);
            }

            return fact.Dependent || ChainIsDependent(condition, env)
                ? Side(block.ConditionalSuccessor) || Side(block.FallThroughSuccessor)
                : Side(block.ConditionalSuccessor) && Side(block.FallThroughSuccessor);
        }

        /// <summary>Takes a branch: out of the loop (or the body) leaves; a branch through finally regions runs them first.</summary>
        private bool Follow(ControlFlowBranch branch, Env env, Frames? frames)
        {
            if (branch.Semantics is ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow or
                ControlFlowBranchSemantics.ProgramTermination or ControlFlowBranchSemantics.Error)
            {
                return true;
            }

            if (branch.Destination is not { } destination)
            {
                // The end of a finally region entered on the way: on to the next one, or to where the branch went.
                return frames is null ? LeavesFinally(branch.Source, env) : Resume(frames, env);
            }

            if (!IsInLoop(destination))
            {
                return true;
            }

            return branch.FinallyRegions.IsEmpty
                ? RunFrom(destination, 0, env, frames)
                : Resume(new Frames(branch.FinallyRegions, 0, destination, frames), env);
        }

        private bool IsInLoop(BasicBlock block) => block.Ordinal >= _loop.First && block.Ordinal <= _loop.Last;

        /// <summary>
        /// The end of the finally region the read is in: each branch that runs it goes on to where it was going (the
        /// exceptional ways in are not followed), and each must leave.
        /// </summary>
        private bool LeavesFinally(BasicBlock end, Env env)
        {
            var region = end.EnclosingRegion;
            while (region is not null && region.Kind != ControlFlowRegionKind.Finally)
            {
                region = region.EnclosingRegion;
            }

            var found = false;
            foreach (var block in Graph.Blocks)
            {
                foreach (var branch in new[] { block.FallThroughSuccessor, block.ConditionalSuccessor })
                {
                    var index = region is null || branch?.Destination is null ? -1 : branch.FinallyRegions.IndexOf(region);
                    if (index < 0)
                    {
                        continue;
                    }

                    found = true;
                    if (!Resume(new Frames(branch!.FinallyRegions, index + 1, branch.Destination!, null), env))
                    {
                        return false;
                    }
                }
            }

            return found || GiveUp();
        }

        private bool Resume(Frames frames, Env env) =>
            frames.Index < frames.Regions.Length
                ? RunFrom(Graph.Blocks[frames.Regions[frames.Index].FirstBlockOrdinal], 0, env, frames.Next())
                : !IsInLoop(frames.Destination) || RunFrom(frames.Destination, 0, env, frames.Outer);

        /// <summary>
        /// Whether the condition is one part of a <c>&amp;&amp;</c>/<c>||</c> chain (the graph tests or captures each part
        /// in its own block) another part of which depends on the result: the chain as a whole does.
        /// </summary>
        private bool ChainIsDependent(IOperation condition, Env env)
        {
            var chain = ChainOf(condition.Syntax);
            if (chain is null)
            {
                return false;
            }

            foreach (var part in _paths.Roots())
            {
                if (part.Syntax.SyntaxTree == chain.SyntaxTree && chain.Span.Contains(part.Syntax.Span) && IsDependent(part, env))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>One more step, one level deeper; false once the search is too long or too deep (it gives up).</summary>
        private bool Enter()
        {
            _paths._cancellationToken.ThrowIfCancellationRequested();
            if (_gaveUp || ++_steps > MaxSteps || _depth >= MaxDepth)
            {
                _gaveUp = true;
                return false;
            }

            _depth++;
            return true;
        }

        /// <summary>Stops judging: the search answers "leaves" (no finding) from here on.</summary>
        private bool GiveUp()
        {
            _gaveUp = true;
            return true;
        }
    }

    /// <summary>The finally regions a branch still runs before it reaches its destination, inside those of an outer branch.</summary>
    private sealed class Frames
    {
        public Frames(ImmutableArray<ControlFlowRegion> regions, int index, BasicBlock destination, Frames? outer)
        {
            Regions = regions;
            Index = index;
            Destination = destination;
            Outer = outer;
        }

        public ImmutableArray<ControlFlowRegion> Regions { get; }
        public int Index { get; }
        public BasicBlock Destination { get; }
        public Frames? Outer { get; }

        public Frames Next() => new(Regions, Index + 1, Destination, Outer);
    }
}
