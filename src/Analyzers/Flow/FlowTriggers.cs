using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>
/// Whether the flow analysis of a body can hold any fact worth a graph, decided from its operation tree before a
/// graph is built. Each <see cref="ConnectionFlags"/> fact is set by some events and read at others, in some order,
/// so a function without such a pair needs no graph:
/// <list type="bullet">
/// <item><see cref="ConnectionFlags.OwnedOpen"/>: a creation or an accept that becomes a local's own (a <c>using</c>
/// resource is closed on every path; a connection passed on, stored in a member or returned is not the method's to
/// close), read at the exits;</item>
/// <item><see cref="ConnectionFlags.Failed"/> at a write: a write that can run after a connection error was caught
/// (after a catch whose try did I/O, or after a SocketAsyncEventArgs error check);</item>
/// <item><see cref="ConnectionFlags.ShutDownForSending"/> at a write: a write that can run after a shutdown for sending;</item>
/// <item><see cref="ConnectionFlags.ReadWithoutShutdown"/> at a close: a read, and a close that reaches a raw
/// <c>Socket</c> (a <c>TcpClient</c>'s or an owning stream's close shuts both directions down itself, measured in
/// docs/socket-errors.md, so reads before it leave nothing to reset).</item>
/// </list>
/// Besides the flags, the graph answers whether a read that tells the end of the stream comes back to itself
/// (<see cref="EndOfStreamPaths"/>): <see cref="HasEndOfStreamReadInLoop"/> is that question's own pre-check.
/// Like the analysis, each lambda and local function is judged on its own. "Can run after" is judged on the text:
/// later in the function, or in a loop around both, unless a <c>return</c> or <c>break</c> right after the point
/// leaves (then only what follows the loop, and finally blocks); anywhere once the function has a <c>goto</c>.
/// Every doubt is answered by building the graph.
/// </summary>
internal sealed partial class FlowTriggers
{
    private readonly ConnectionSemantics _semantics;
    private readonly List<(IInvocationOperation Call, CallEffects Effects)> _calls = new();
    private readonly List<(IOperation At, TextSpan TriedIo)> _failures = new();
    private readonly List<TextSpan> _loops = new();
    private readonly List<TextSpan> _finallyBlocks = new();
    private readonly List<TextSpan> _jumps = new();

    // The calls that write, and those that do I/O, sorted by position: each question about a region is a search.
    private readonly List<TextSpan> _writes = new();
    private readonly List<TextSpan> _io = new();
    private int _lastWriteEnd;
    private bool _hasGoto;
    private bool _closesRawSocket;

    private FlowTriggers(ConnectionSemantics semantics) => _semantics = semantics;

    public static bool CanReport(IOperation body, ConnectionSemantics semantics)
    {
        var triggers = new FlowTriggers(semantics);
        var functions = new Stack<IOperation>();
        functions.Push(body);
        while (functions.Count > 0)
        {
            if (triggers.CanReportInFunction(functions.Pop(), functions))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One function's operations, without those of the functions nested in it (queued on <paramref name="nested"/>).</summary>
    private bool CanReportInFunction(IOperation function, Stack<IOperation> nested)
    {
        _calls.Clear();
        _failures.Clear();
        _loops.Clear();
        _finallyBlocks.Clear();
        _jumps.Clear();
        _writes.Clear();
        _io.Clear();
        _hasGoto = false;
        _closesRawSocket = false;
        var model = _semantics.Model;
        var pending = new Stack<IOperation>();
        pending.Push(function);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            switch (operation)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation when operation != function:
                    nested.Push(operation);
                    continue;
                case ICatchClauseOperation { Parent: ITryOperation @try } clause when model.CatchMayTakeSocketError(clause.ExceptionType):
                    _failures.Add((clause, @try.Body.Syntax.Span));
                    break;
                case IPropertyReferenceOperation { Property: { Name: "SocketError" } property }
                    when ConnectionModel.InheritsFrom(property.ContainingType, model.SocketAsyncEventArgs):
                    // A completion's error check: the failed operation is elsewhere, so any I/O counts.
                    _failures.Add((operation, function.Syntax.Span));
                    break;
                case ILoopOperation loop:
                    _loops.Add(loop.Syntax.Span);
                    break;
                case ITryOperation { Finally: { } finallyBlock }:
                    _finallyBlocks.Add(finallyBlock.Syntax.Span);
                    break;
                case IBranchOperation branch:
                    _hasGoto |= branch.BranchKind == BranchKind.GoTo;
                    _jumps.Add(operation.Syntax.Span);
                    break;
                case IReturnOperation { Kind: OperationKind.YieldReturn }:
                    _jumps.Add(operation.Syntax.Span);
                    break;
                case IObjectCreationOperation creation when _semantics.IsConnectionType(creation.Type) && MayBecomeOwnedLocal(creation):
                    return true;
                case IInvocationOperation invocation:
                    if (model.Classify(invocation.TargetMethod) == ConnectionOperationKind.Accept && MayBecomeOwnedLocal(invocation))
                    {
                        return true;
                    }

                    var effects = EffectsOf(invocation);
                    if (effects != CallEffects.None)
                    {
                        _calls.Add((invocation, effects));
                        AddIf((effects & CallEffects.Write) != 0, _writes, invocation);
                        AddIf((effects & CallEffects.Io) != 0, _io, invocation);
                        _closesRawSocket |= (effects & CallEffects.Close) != 0 && model.IsRawSocket(invocation.Instance);
                    }

                    break;
                case IUsingOperation { Resources: var resources }:
                    _closesRawSocket |= DisposesRawSocket(resources);
                    break;
                case IUsingDeclarationOperation { DeclarationGroup: var group }:
                    _closesRawSocket |= DisposesRawSocket(group);
                    break;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        _writes.Sort(ByStart);
        _lastWriteEnd = 0;
        foreach (var write in _writes)
        {
            _lastWriteEnd = write.End > _lastWriteEnd ? write.End : _lastWriteEnd;
        }

        _io.Sort(ByStart);
        _jumps.Sort(ByStart);
        var reads = false;
        foreach (var (call, effects) in _calls)
        {
            reads |= (effects & CallEffects.Read) != 0;
            if ((effects & CallEffects.ShutdownSend) != 0 && _writes.Count > 0 && WriteCanRunAfter(AfterCall(call)))
            {
                return true;
            }
        }

        if (reads && _closesRawSocket)
        {
            return true;
        }

        foreach (var (at, triedIo) in _failures)
        {
            if (_writes.Count > 0 && ContainsAny(_io, triedIo) &&
                WriteCanRunAfter(at is ICatchClauseOperation clause ? AfterCatch(clause) : new Point(at.Syntax.Span.Start, at.Syntax.Span)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a write can run after the point: in the region that runs after it (a catch's handler), in a
    /// finally block after it, later in the function unless the point leaves it, after the loop a break leaves,
    /// or in a loop around the point (and around the loop it leaves).
    /// </summary>
    private bool WriteCanRunAfter(Point point)
    {
        if (_hasGoto || ContainsAny(_writes, point.Inside))
        {
            return true;
        }

        foreach (var finallyBlock in _finallyBlocks)
        {
            if (finallyBlock.Start > point.Position && ContainsAny(_writes, finallyBlock))
            {
                return true;
            }
        }

        if (point.LeavesFunction)
        {
            return false;
        }

        var from = point.LeftLoop ?? point.Span;
        if (_lastWriteEnd > (point.LeftLoop?.End ?? point.Position))
        {
            return true;
        }

        foreach (var loop in _loops)
        {
            if (loop != point.LeftLoop && loop.Contains(from) && ContainsAny(_writes, loop))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a span of the sorted list lies in <paramref name="region"/> (spans nest, so the first one starting in it does).</summary>
    private static bool ContainsAny(List<TextSpan> sorted, TextSpan region)
    {
        if (region.IsEmpty)
        {
            return false;
        }

        var index = FirstAtOrAfter(sorted, region.Start);
        return index < sorted.Count && sorted[index].End <= region.End;
    }

    private static int FirstAtOrAfter(List<TextSpan> sorted, int position)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle].Start < position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static int ByStart(TextSpan left, TextSpan right) => left.Start.CompareTo(right.Start);

    private static void AddIf(bool condition, List<TextSpan> spans, IOperation operation)
    {
        if (condition)
        {
            spans.Add(operation.Syntax.Span);
        }
    }

    /// <summary>
    /// What the call may do to its receiver and to its arguments, asked (like the analysis asks) only where they
    /// may hold a connection: a project method's summary is computed by binding its body, so it is not asked for
    /// a receiver or an argument no connection can reach.
    /// </summary>
    private CallEffects EffectsOf(IInvocationOperation invocation)
    {
        var effects = CallEffects.None;
        if (invocation.Instance is { } instance &&
            (ConnectionSemantics.Strip(instance) is IInstanceReferenceOperation || MayHoldConnection(instance)))
        {
            effects |= _semantics.EffectOnReceiver(invocation);
        }

        foreach (var argument in invocation.Arguments)
        {
            if (MayHoldConnection(argument.Value))
            {
                effects |= _semantics.EffectOnArgument(invocation, argument);
            }
        }

        return effects;
    }

    /// <summary>
    /// Whether a new connection may be assigned to a local, the only place the analysis counts a creation (it
    /// then tracks whether the local's connection is closed). Not when it is a <c>using</c> resource (closed on
    /// every path, and the local cannot be reassigned), nor when it is passed, returned, stored in a member or
    /// used at once. Any other shape counts.
    /// </summary>
    private static bool MayBecomeOwnedLocal(IOperation created)
    {
        var value = created;
        while (value.Parent is IConversionOperation or IParenthesizedOperation or IAwaitOperation ||
               value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == value)
        {
            value = value.Parent;
        }

        return value.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation group } } } =>
                group.Parent is not (IUsingOperation or IUsingDeclarationOperation),
            ISimpleAssignmentOperation assignment => assignment.Value == value && assignment.Target is ILocalReferenceOperation,
            IArgumentOperation or IReturnOperation or IExpressionStatementOperation or IUsingOperation or
                IInvocationOperation or IMemberReferenceOperation => false,
            _ => true,
        };
    }

    private bool DisposesRawSocket(IOperation resources)
    {
        if (resources is not IVariableDeclarationGroupOperation group)
        {
            return _semantics.Model.IsRawSocket(resources);
        }

        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (_semantics.Model.IsRawSocketType(declarator.Symbol.Type))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A value of a type a connection can be seen as: a connection or wrapper type, an interface, object, or a
    /// type not known here. A value of any other class or struct type (a MemoryStream, a FileStream) never
    /// aliases a connection.
    /// </summary>
    private bool MayHoldConnection(IOperation value) =>
        MayBeConnectionType(value.Type) || MayBeConnectionType(ConnectionSemantics.Strip(value).Type);

    private bool MayBeConnectionType(ITypeSymbol? type) =>
        type is null ||
        type.SpecialType == SpecialType.System_Object ||
        type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter or TypeKind.Dynamic or TypeKind.Error ||
        _semantics.IsConnectionType(type) ||
        _semantics.Model.IsWrapperType(type) && !_semantics.Model.IsNeverConnection(type);

    /// <summary>After a call: the statement after it decides where control goes (the call's arguments run before it).</summary>
    private static Point AfterCall(IInvocationOperation call)
    {
        var unbounded = new Point(call.Syntax.Span.End, call.Syntax.Span);

        // Up to the statement the call is in; a call inside a nested statement (an if's, a switch section's) is
        // followed by whatever follows that statement's other branches: not ruled out.
        var statement = (IOperation)call;
        while (statement.Parent is { } parent and not IBlockOperation)
        {
            if (statement.Syntax is StatementSyntax || parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return unbounded;
            }

            statement = parent;
        }

        // A call that may throw into a catch of this function: the flag reaches that handler too.
        if (statement.Parent is not IBlockOperation block || statement.Syntax is not StatementSyntax { Parent: BlockSyntax blockSyntax } ||
            IsInsideTryWithCatch(block))
        {
            return unbounded;
        }

        // The next statement of the block starts at the token after this one.
        var next = statement.Syntax.GetLastToken().GetNextToken().Parent;
        return next?.Parent == blockSyntax ? Leaving(unbounded, next, block) : unbounded;
    }

    /// <summary>After a catch: its handler runs, then whatever its last statement leads to.</summary>
    private Point AfterCatch(ICatchClauseOperation clause)
    {
        var unbounded = new Point(clause.Syntax.Span.Start, clause.Syntax.Span, inside: clause.Syntax.Span);
        var handler = clause.Handler;
        var last = handler.Operations.IsEmpty ? null : handler.Operations[handler.Operations.Length - 1];

        // Any other jump in the handler (a continue, an earlier break) goes somewhere else, and an exception thrown
        // in it may reach an outer catch: then nothing is ruled out.
        if (last is null || HasJumpOtherThan(handler.Syntax.Span, last.Syntax.Span) || IsInsideTryWithCatch(clause.Parent!))
        {
            return unbounded;
        }

        return Leaving(unbounded, last.Syntax, handler);
    }

    /// <summary>The point, narrowed by a <c>return</c> or <c>break</c> that runs right after it.</summary>
    private static Point Leaving(Point point, SyntaxNode next, IOperation from)
    {
        switch (next.Kind())
        {
            case SyntaxKind.ReturnStatement or SyntaxKind.YieldBreakStatement:
                return point.WithLeavingFunction();
            case SyntaxKind.BreakStatement:
                // A break leaves the innermost loop or switch; only a loop left is something ruled out.
                for (var ancestor = from.Parent; ancestor is not null; ancestor = ancestor.Parent)
                {
                    if (ancestor is ILoopOperation loop)
                    {
                        return point.WithLeftLoop(loop.Syntax.Span);
                    }

                    if (ancestor is ISwitchOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        break;
                    }
                }

                break;
        }

        return point;
    }

    private static bool IsInsideTryWithCatch(IOperation operation)
    {
        for (var child = operation; child.Parent is { } parent; child = parent)
        {
            if (parent is ITryOperation { Catches.IsEmpty: false } @try && @try.Body == child)
            {
                return true;
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>A break, continue, goto or yield return in the region, other than the one at <paramref name="allowed"/>.</summary>
    private bool HasJumpOtherThan(TextSpan region, TextSpan allowed)
    {
        for (var index = FirstAtOrAfter(_jumps, region.Start); index < _jumps.Count && _jumps[index].Start < region.End; index++)
        {
            if (_jumps[index] != allowed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A point after which a flag holds: <see cref="Position"/> is where it takes effect; <see cref="Inside"/> a
    /// region that runs after it (a catch's handler); and what a <c>return</c> or <c>break</c> right after it leaves.
    /// </summary>
    private readonly struct Point
    {
        public Point(int position, TextSpan span, TextSpan inside = default, bool leavesFunction = false, TextSpan? leftLoop = null)
        {
            Position = position;
            Span = span;
            Inside = inside;
            LeavesFunction = leavesFunction;
            LeftLoop = leftLoop;
        }

        public int Position { get; }
        public TextSpan Span { get; }
        public TextSpan Inside { get; }
        public bool LeavesFunction { get; }
        public TextSpan? LeftLoop { get; }

        public Point WithLeavingFunction() => new(Position, Span, Inside, leavesFunction: true);

        public Point WithLeftLoop(TextSpan loop) => new(Position, Span, Inside, leftLoop: loop);
    }
}
