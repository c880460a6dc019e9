using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Flow;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK006: a read on a connection inside a loop that reads the same connection again, whose result is discarded or
/// never tested so that the end-of-stream value (0, -1 or null) leaves the loop. After the peer's FIN every read
/// returns that value at once: the loop spins and the socket sits in CLOSE_WAIT.
/// </summary>
/// <remarks>
/// The loop is the innermost one around the read; it reads "the same connection again" when the variable the
/// connection comes down to (<see cref="ConnectionRoots"/>) is neither declared nor assigned inside it (an accept loop
/// reads a new connection each time). Whether the end value leaves the loop is decided by walking the statements that
/// run after the read, on the assumption that it returned the end value (<see cref="EndOfStreamWalk"/>).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ZeroByteReadNotEndOfStreamAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the read's end-of-stream value as C# ("0", "-1" or "null").</summary>
    public const string EndValueProperty = "EndValue";

    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.ZeroByteReadNotEndOfStream, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var semantics = ConnectionSemantics.For(start.Compilation, start.Options);
            if (semantics is null)
            {
                return;
            }

            start.RegisterOperationBlockAction(block => AnalyzeBlock(block, semantics));
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, ConnectionSemantics semantics)
    {
        foreach (var block in context.OperationBlocks)
        {
            ConnectionRoots? roots = null;
            foreach (var (read, endValue) in BodyFacts.Of(BodyFacts.RootOf(block), semantics).EndOfStreamReads)
            {
                if (!IsInside(read, block) || EnclosingReadLoop(read) is not { } loop)
                {
                    continue;
                }

                var receiver = read.Instance!;

                if (HasErrors(loop))
                {
                    // Half-typed code: what the loop does with the result cannot be told.
                    continue;
                }

                roots ??= new ConnectionRoots(semantics, LocalValues(block));
                var root = roots.RootOf(receiver);
                if (root is null || IsRenewedInside(loop, root))
                {
                    continue;
                }

                context.CancellationToken.ThrowIfCancellationRequested();
                if (new EndOfStreamWalk(read, endValue, root, roots, loop).LeavesLoop())
                {
                    continue;
                }

                Report(context, semantics, read, receiver, endValue, root, roots);
            }
        }
    }

    private static void Report(OperationBlockAnalysisContext context, ConnectionSemantics semantics, IInvocationOperation read, IOperation receiver, object? endValue, ISymbol root, ConnectionRoots roots)
    {
        var endText = endValue is null ? "null" : ((int)endValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var names = ConnectionNames(read, root, roots, semantics);
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(EndValueProperty, endText)
            .Add(FlowDiagnostics.ConnectionNamesProperty, string.Join(",", names));
        var call = receiver.IsImplicit ? read.TargetMethod.Name : receiver.Syntax + "." + read.TargetMethod.Name;
        context.ReportDiagnostic(Diagnostic.Create(Rule, read.Syntax.GetLocation(), properties, call, endText));
    }

    /// <summary>Whether the operation is below <paramref name="block"/> (the facts list the reads of the whole body).</summary>
    private static bool IsInside(IOperation operation, IOperation block)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent == block)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The innermost loop that runs the read again: a for loop's initializers and a foreach loop's collection run once,
    /// so a read there belongs to the loop outside. A lambda or local function in between runs on its own: none.
    /// </summary>
    private static ILoopOperation? EnclosingReadLoop(IOperation read)
    {
        var child = read;
        for (var parent = read.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case IForLoopOperation forLoop when forLoop.Before.Contains(child):
                case IForEachLoopOperation forEach when forEach.Collection == child:
                    continue;
                case ILoopOperation loop:
                    return loop;
            }
        }

        return null;
    }

    private static bool HasErrors(IOperation loop) =>
        loop.Syntax.ContainsDiagnostics ||
        loop.Descendants().Any(operation => operation is IInvalidOperation || operation.Type is { TypeKind: TypeKind.Error });

    /// <summary>
    /// Whether the loop starts over with another connection: the root is declared inside it (an accept loop, a foreach
    /// over clients) or assigned in it.
    /// </summary>
    private static bool IsRenewedInside(ILoopOperation loop, ISymbol root)
    {
        if (root is ILocalSymbol local && local.DeclaringSyntaxReferences.Any(reference =>
                reference.SyntaxTree == loop.Syntax.SyntaxTree && loop.Syntax.Span.Contains(reference.Span)))
        {
            return true;
        }

        foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(loop))
        {
            IOperation? target = operation switch
            {
                ISimpleAssignmentOperation assignment => assignment.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument => argument.Value,
                _ => null,
            };
            if (target is not null && SymbolOf(target) is { } assigned && SymbolEqualityComparer.Default.Equals(assigned, root))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The variables (owner first) that hold the read's connection, for the fixer's close sequence.</summary>
    private static List<string> ConnectionNames(IInvocationOperation read, ISymbol root, ConnectionRoots roots, ConnectionSemantics semantics)
    {
        var body = read.Parent;
        while (body?.Parent is not null && body is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
        {
            body = body.Parent;
        }

        var members = new List<ISymbol> { root };
        if (body is not null)
        {
            foreach (var operation in body.Descendants())
            {
                if (SymbolOf(operation) is { } symbol && !members.Contains(symbol, SymbolEqualityComparer.Default) &&
                    SymbolEqualityComparer.Default.Equals(roots.RootOf(symbol), root))
                {
                    members.Add(symbol);
                }
            }
        }

        return members
            .Select((symbol, index) => (symbol, index))
            .OrderBy(member => Rank(member.symbol, semantics))
            .ThenBy(member => member.index)
            .Select(member => member.symbol.Name)
            .ToList();
    }

    /// <summary>Socket/TcpClient first, then NetworkStream, other connection types, streams, readers and writers.</summary>
    private static int Rank(ISymbol symbol, ConnectionSemantics semantics)
    {
        var type = symbol switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        var model = semantics.Model;
        if (ConnectionModel.InheritsFrom(type, model.Socket) || ConnectionModel.InheritsFrom(type, model.TcpClient))
            return 0;
        if (ConnectionModel.InheritsFrom(type, model.NetworkStream))
            return 1;
        if (semantics.IsConnectionType(type))
            return 2;
        if (ConnectionModel.InheritsFrom(type, model.Stream))
            return 3;
        return 4;
    }

    /// <summary>A local, parameter, or member of <c>this</c> (or static) that an operation names.</summary>
    internal static ISymbol? SymbolOf(IOperation operation) => ConnectionSemantics.Strip(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field.OriginalDefinition,
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => property.Property.OriginalDefinition,
        _ => null,
    };

    /// <summary>Locals assigned once in the block, lambdas and local functions included (a local assigned in two of them is left out).</summary>
    private static IReadOnlyDictionary<ILocalSymbol, IOperation> LocalValues(IOperation block)
    {
        var values = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
        var repeated = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var body in block.DescendantsAndSelf())
        {
            if (body != block && body is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            {
                continue;
            }

            foreach (var pair in ConnectionSemantics.LocalAliases(body))
            {
                if (!values.ContainsKey(pair.Key))
                {
                    values.Add(pair.Key, pair.Value);
                }
                else
                {
                    repeated.Add(pair.Key);
                }
            }
        }

        foreach (var local in repeated)
        {
            values.Remove(local);
        }

        return values;
    }

    /// <summary>
    /// Walks the statements that run after the read, assuming it returned the end-of-stream value, and answers whether
    /// one of them leaves the loop because of it: a <c>break</c>, <c>return</c>, <c>throw</c> or <c>goto</c> out of the
    /// loop reached through a test of the result (or of a flag set from it, or the loop condition failing on it).
    /// </summary>
    /// <remarks>
    /// What a branch does depends on what its condition says at the end of the stream:
    /// known (<c>n == 0</c> is true): the branch taken;
    /// unknown but depending on the result (<c>n &lt; buffer.Length</c>, <c>!Handle(buffer, n)</c>): either branch may be taken, and either leaving is enough;
    /// unknown and unrelated (<c>if (stopping) break;</c>, <c>while (client.Connected)</c>): both are taken, and both must leave,
    /// because the loop spins whenever the unrelated condition does not hold.
    /// Reaching the read again means the loop spins. Each read's own result counts: another read of the same connection
    /// in the loop is tested on its own. Nested loops are run once; exceptions are not followed; a walk that grows too
    /// long or meets code it does not understand gives up without a report.
    /// </remarks>
    private sealed class EndOfStreamWalk
    {
        private const int MaxSteps = 4000;
        private const int MaxDepth = 200;
        private int _evaluationNesting;

        private readonly IInvocationOperation _read;
        private readonly object? _endValue;
        private readonly ISymbol _root;
        private readonly ConnectionRoots _roots;
        private readonly ILoopOperation _loop;
        private int _steps;
        private int _depth;

        public EndOfStreamWalk(IInvocationOperation read, object? endValue, ISymbol root, ConnectionRoots roots, ILoopOperation loop)
        {
            _read = read;
            _endValue = endValue;
            _root = root;
            _roots = roots;
            _loop = loop;
        }

        private delegate bool Continuation(Env env);

        /// <summary>Whether the end-of-stream value leaves the loop (true also when the walk gives up: no report).</summary>
        public bool LeavesLoop()
        {
            try
            {
                return Start();
            }
            catch (GiveUpException)
            {
                return true;
            }
            catch (InsufficientExecutionStackException)
            {
                return true;
            }
        }

        private bool Start()
        {
            var env = Env.Empty;
            IOperation node = _read;
            while (node.Parent is { } parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when conditional.Condition == node && IsStatement(conditional):
                        env = Effects(node, env);
                        return Branch(
                            node,
                            env,
                            e => Exec(conditional.WhenTrue, e, e2 => Resume(conditional, e2)),
                            e => conditional.WhenFalse is null ? Resume(conditional, e) : Exec(conditional.WhenFalse, e, e2 => Resume(conditional, e2)));

                    case ILoopOperation loop when loop == _loop:
                        return loop.Body == node
                            ? Statement(node, Effects(node, env), LoopBottom)
                            : StartInLoopHeader(node, Effects(node, env));

                    case ILoopOperation:
                        throw new GiveUpException();

                    case ISwitchOperation @switch when @switch.Value == node:
                        return Switch(@switch, Effects(node, env), e => Resume(@switch, e));

                    case IUsingOperation @using when @using.Resources == node:
                        return Exec(@using.Body, Effects(node, env), e => Resume(@using, e));

                    case ILockOperation @lock when @lock.LockedValue == node:
                        return Exec(@lock.Body, Effects(node, env), e => Resume(@lock, e));

                    case IReturnOperation or IThrowOperation:
                        // The result leaves with it (a yield return hands it to the consumer, which decides).
                        return true;

                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        throw new GiveUpException();
                }

                if (IsStatementContainer(parent, node))
                {
                    return Statement(node, Effects(node, env), e => Resume(parent, node, e));
                }

                node = parent;
            }

            throw new GiveUpException();
        }

        /// <summary>The read is in the loop's condition (or a for loop's increment): the condition decides at once.</summary>
        private bool StartInLoopHeader(IOperation part, Env env)
        {
            if (_loop is IForLoopOperation forLoop && forLoop.AtLoopBottom.Contains(part))
            {
                var index = forLoop.AtLoopBottom.IndexOf(part);
                for (var i = index + 1; i < forLoop.AtLoopBottom.Length; i++)
                {
                    env = Effects(forLoop.AtLoopBottom[i], env);
                }

                return ConditionThen(env, e => Exec(forLoop.Body, e, _ => false, LoopLabels(_ => false)));
            }

            if (Condition(_loop) != part)
            {
                throw new GiveUpException();
            }

            // Staying runs the body and comes back to this read.
            return Branch(part, env, e => Exec(_loop.Body, e, _ => false, LoopLabels(_ => false)), _ => true);
        }

        /// <summary>The end of an iteration (end of the body or <c>continue</c>): a for loop's increments, then the condition.</summary>
        private bool LoopBottom(Env env)
        {
            if (_loop is IForLoopOperation forLoop)
            {
                foreach (var increment in forLoop.AtLoopBottom)
                {
                    if (Contains(increment, _read))
                    {
                        return false;
                    }

                    env = Effects(increment, env);
                }
            }

            var condition = Condition(_loop);
            if (condition is not null && Contains(condition, _read))
            {
                // Evaluating it again reads again (the walk started from it).
                return false;
            }

            return ConditionThen(env, SecondPass);
        }

        /// <summary>Evaluates the loop's condition: false leaves the loop; true continues with <paramref name="stay"/>.</summary>
        private bool ConditionThen(Env env, Continuation stay)
        {
            var condition = Condition(_loop);
            if (condition is null)
            {
                // for (;;) stays; foreach may end, but not because of the read: both must leave, and ending does.
                return stay(env);
            }

            return Branch(condition, Effects(condition, env), stay, _ => true);
        }

        /// <summary>The next iteration, from the top of the body up to the statement holding the read: a test placed before the read.</summary>
        private bool SecondPass(Env env)
        {
            if (_loop.Body is not IBlockOperation body)
            {
                return false;
            }

            var statements = new List<IOperation>();
            foreach (var statement in body.Operations)
            {
                if (Contains(statement, _read))
                {
                    break;
                }

                statements.Add(statement);
            }

            return ExecList(statements, 0, env, _ => false, LoopLabels(_ => false));
        }

        /// <summary>Continues after <paramref name="from"/> has run inside <paramref name="node"/>.</summary>
        private bool Resume(IOperation node, IOperation from, Env env)
        {
            Enter();
            try
            {
                switch (node)
                {
                    case ILoopOperation loop when loop == _loop:
                        return LoopBottom(env);
                    case IBlockOperation block:
                        return ExecList(block.Operations, block.Operations.IndexOf(from) + 1, env, e => Resume(block, e), LabelsAt(block));
                    case ISwitchCaseOperation section when section.Parent is ISwitchOperation @switch:
                        return ExecList(section.Body, section.Body.IndexOf(from) + 1, env, e => Resume(@switch, e), LabelsAt(section));
                    case ITryOperation @try when from == @try.Body || from is ICatchClauseOperation:
                        return @try.Finally is null ? Resume(@try, env) : Exec(@try.Finally, env, e => Resume(@try, e));
                    case ICatchClauseOperation or ISwitchOperation or IConditionalOperation or ITryOperation or
                        IUsingOperation or ILockOperation or ILabeledOperation:
                        return Resume(node, env);
                    default:
                        throw new GiveUpException();
                }
            }
            finally
            {
                _depth--;
            }
        }

        private bool Resume(IOperation node, Env env) =>
            node.Parent is { } parent ? Resume(parent, node, env) : throw new GiveUpException();

        private bool Statement(IOperation statement, Env env, Continuation next) => statement switch
        {
            IReturnOperation or IThrowOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } => true,
            _ => next(env),
        };

        private bool Exec(IOperation statement, Env env, Continuation next) => Exec(statement, env, next, LabelsAt(statement));

        private bool Exec(IOperation statement, Env env, Continuation next, ImmutableDictionary<ILabelSymbol, Continuation> labels)
        {
            Enter();
            try
            {
                switch (statement)
                {
                    case IBlockOperation block:
                        return ExecList(block.Operations, 0, env, next, labels);

                    case IConditionalOperation conditional:
                        if (!Jumps(conditional) && !IsDependent(conditional.Condition, env))
                        {
                            // Nothing in it can leave the loop and it does not depend on the read: run past it.
                            return next(Kill(conditional, env));
                        }

                        env = Effects(conditional.Condition, env);
                        return Branch(
                            conditional.Condition,
                            env,
                            e => Exec(conditional.WhenTrue, e, next, labels),
                            e => conditional.WhenFalse is null ? next(e) : Exec(conditional.WhenFalse, e, next, labels));

                    case ILoopOperation loop:
                        return NestedLoop(loop, env, next, labels);

                    case ISwitchOperation @switch:
                        return Switch(@switch, Effects(@switch.Value, env), next, labels);

                    case ITryOperation @try:
                        return Exec(@try.Body, env, e => @try.Finally is null ? next(e) : Exec(@try.Finally, e, next, labels), labels);

                    case IUsingOperation @using:
                        return Exec(@using.Body, Effects(@using.Resources, env), next, labels);

                    case ILockOperation @lock:
                        return Exec(@lock.Body, Effects(@lock.LockedValue, env), next, labels);

                    case ILabeledOperation labeled:
                        return labeled.Operation is null ? next(env) : Exec(labeled.Operation, env, next, labels);

                    case IBranchOperation branch:
                        if (labels.TryGetValue(branch.Target, out var target))
                        {
                            return target(env);
                        }

                        // A goto out of the loop leaves it; one to a label inside is not followed.
                        return branch.BranchKind == BranchKind.GoTo && !IsInside(branch.Target, _loop);

                    case IReturnOperation { Kind: OperationKind.YieldReturn } yieldReturn:
                        return yieldReturn.ReturnedValue is { } yielded && IsDependent(yielded, env) || next(Effects(statement, env));

                    case IReturnOperation or IThrowOperation:
                        return true;

                    case IExpressionStatementOperation { Operation: IThrowOperation }:
                        return true;

                    case ILocalFunctionOperation:
                        return next(env);

                    default:
                        return next(Effects(statement, env));
                }
            }
            finally
            {
                _depth--;
            }
        }

        private bool ExecList(IReadOnlyList<IOperation> statements, int index, Env env, Continuation next, ImmutableDictionary<ILabelSymbol, Continuation> labels)
        {
            if (index >= statements.Count)
            {
                return next(env);
            }

            return Exec(statements[index], env, e => ExecList(statements, index + 1, e, next, labels), labels);
        }

        /// <summary>A loop inside the read loop runs zero times or once; its break and continue lead past it.</summary>
        private bool NestedLoop(ILoopOperation loop, Env env, Continuation next, ImmutableDictionary<ILabelSymbol, Continuation> labels)
        {
            var inner = labels.SetItem(loop.ExitLabel, next).SetItem(loop.ContinueLabel, next);
            Continuation body = e => Exec(loop.Body, Kill(loop, e), next, inner);
            switch (loop)
            {
                case IWhileLoopOperation { ConditionIsTop: false }:
                    return body(env);
                case IWhileLoopOperation { Condition: { } condition }:
                    return Branch(condition, Effects(condition, env), body, next);
                case IForLoopOperation forLoop:
                    foreach (var before in forLoop.Before)
                    {
                        env = Effects(before, env);
                    }

                    return forLoop.Condition is { } forCondition ? Branch(forCondition, Effects(forCondition, env), body, next) : body(env);
                case IForEachLoopOperation forEach:
                    env = Effects(forEach.Collection, env);
                    return next(Kill(loop, env)) && body(env);
                default:
                    return next(Kill(loop, env)) && body(env);
            }
        }

        private bool Switch(ISwitchOperation @switch, Env env, Continuation next) =>
            Switch(@switch, env, next, LabelsAt(@switch));

        private bool Switch(ISwitchOperation @switch, Env env, Continuation next, ImmutableDictionary<ILabelSymbol, Continuation> labels)
        {
            var inner = labels.SetItem(@switch.ExitLabel, next);
            var value = Evaluate(@switch.Value, env);
            var sections = new List<ISwitchCaseOperation>();
            ISwitchCaseOperation? defaultSection = null;
            ISwitchCaseOperation? matched = null;
            var allKnown = value.IsKnown;
            foreach (var section in @switch.Cases)
            {
                sections.Add(section);
                foreach (var clause in section.Clauses)
                {
                    if (clause is IDefaultCaseClauseOperation)
                    {
                        defaultSection = section;
                        continue;
                    }

                    var matches = value.IsKnown ? ClauseMatches(clause, value.Value) : null;
                    if (matches is null)
                    {
                        allKnown = false;
                    }
                    else if (matches == true && matched is null)
                    {
                        matched = section;
                    }
                }
            }

            if (allKnown)
            {
                var taken = matched ?? defaultSection;
                return taken is null ? next(env) : ExecList(taken.Body, 0, env, next, inner);
            }

            // Any section may run (and none, without a default): one leaving is enough when the value depends on the read.
            var paths = sections.Select<ISwitchCaseOperation, Func<bool>>(section => () => ExecList(section.Body, 0, env, next, inner));
            if (defaultSection is null)
            {
                paths = paths.Concat(new Func<bool>[] { () => next(env) });
            }

            return value.Dependent ? paths.Any(leaves => leaves()) : paths.All(leaves => leaves());
        }

        private bool? ClauseMatches(ICaseClauseOperation clause, object? value) => clause switch
        {
            ISingleValueCaseClauseOperation { Value.ConstantValue.HasValue: true } single => ValuesEqual(single.Value.ConstantValue.Value, value),
            IPatternCaseClauseOperation { Guard: null } pattern => Matches(pattern.Pattern, value),
            _ => null,
        };

        /// <summary>Follows the branch the condition takes at the end of the stream (see the class remarks).</summary>
        private bool Branch(IOperation condition, Env env, Continuation whenTrue, Continuation whenFalse)
        {
            var value = Evaluate(condition, env);
            if (value is { IsKnown: true, Value: bool known })
            {
                return known ? whenTrue(env) : whenFalse(env);
            }

            return value.Dependent
                ? whenTrue(env) || whenFalse(env)
                : whenTrue(env) && whenFalse(env);
        }

        private ImmutableDictionary<ILabelSymbol, Continuation> LoopLabels(Continuation onContinue) =>
            ImmutableDictionary.Create<ILabelSymbol, Continuation>(SymbolEqualityComparer.Default)
                .SetItem(_loop.ExitLabel, _ => true)
                .SetItem(_loop.ContinueLabel, onContinue);

        /// <summary>The jump targets seen from a statement between the read and the loop: the loop's, and those of switches in between.</summary>
        private ImmutableDictionary<ILabelSymbol, Continuation> LabelsAt(IOperation statement)
        {
            var labels = LoopLabels(LoopBottom);
            var switches = new List<ISwitchOperation>();
            for (var node = statement.Parent; node is not null && node != _loop; node = node.Parent)
            {
                if (node is ISwitchOperation @switch)
                {
                    switches.Add(@switch);
                }
            }

            // Outermost first, so an inner switch's label wins (labels are distinct symbols anyway).
            for (var i = switches.Count - 1; i >= 0; i--)
            {
                var @switch = switches[i];
                labels = labels.SetItem(@switch.ExitLabel, e => Resume(@switch, e));
            }

            return labels;
        }

        private void Enter()
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            if (++_steps > MaxSteps || ++_depth > MaxDepth)
            {
                throw new GiveUpException();
            }
        }

        /// <summary>What the operation's assignments do to the known values (in evaluation order, lambdas left out).</summary>
        private Env Effects(IOperation operation, Env env)
        {
            foreach (var node in PostOrder(operation))
            {
                switch (node)
                {
                    case ISimpleAssignmentOperation assignment when KeyOf(assignment.Target) is { } key:
                        env = env.Set(key, Evaluate(assignment.Value, env));
                        break;
                    case IVariableDeclaratorOperation declarator:
                        var initializer = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                        env = initializer is null ? env.Remove(declarator.Symbol) : env.Set(declarator.Symbol, Evaluate(initializer, env));
                        break;
                    case ICompoundAssignmentOperation or ICoalesceAssignmentOperation or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation:
                    case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref }:
                    case IDeclarationPatternOperation:
                        env = Kill(node, env);
                        break;
                }
            }

            return env;
        }

        /// <summary>Forgets every variable the operation may assign.</summary>
        private static Env Kill(IOperation operation, Env env)
        {
            if (env.IsEmpty)
            {
                return env;
            }

            foreach (var node in ConnectionSemantics.DescendantsOutsideFunctions(operation))
            {
                switch (node)
                {
                    case IAssignmentOperation assignment:
                        foreach (var target in assignment.Target.DescendantsAndSelf())
                        {
                            if (KeyOf(target) is { } key)
                            {
                                env = env.Remove(key);
                            }
                        }

                        break;
                    case IIncrementOrDecrementOperation increment when KeyOf(increment.Target) is { } incremented:
                        env = env.Remove(incremented);
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument when KeyOf(argument.Value) is { } passed:
                        env = env.Remove(passed);
                        break;
                    case IVariableDeclaratorOperation declarator:
                        env = env.Remove(declarator.Symbol);
                        break;
                    case IDeclarationPatternOperation { DeclaredSymbol: { } declared }:
                        env = env.Remove(declared);
                        break;
                    case IForEachLoopOperation forEach:
                        foreach (var local in forEach.Locals)
                        {
                            env = env.Remove(local);
                        }

                        break;
                }
            }

            return env;
        }

        /// <summary>What an expression is at the end of the stream: a known constant, or unknown; and whether it depends on the read.</summary>
        private Fact Evaluate(IOperation operation, Env env)
        {
            // An expression nested deeper than a walk may recurse (a 30,000-term `||` compiles) is not judged.
            if (++_evaluationNesting > OperationChains.MaxNesting)
            {
                throw new GiveUpException();
            }

            try
            {
                return EvaluateNested(operation, env);
            }
            finally
            {
                _evaluationNesting--;
            }
        }

        private Fact EvaluateNested(IOperation operation, Env env)
        {
            if (operation == _read || IsReadResult(operation))
            {
                return Fact.Known(_endValue, dependent: true);
            }

            if (operation.ConstantValue.HasValue)
            {
                return Fact.Known(operation.ConstantValue.Value, dependent: false);
            }

            switch (operation)
            {
                case IConversionOperation conversion:
                    return Evaluate(conversion.Operand, env);
                case IParenthesizedOperation parenthesized:
                    return Evaluate(parenthesized.Operand, env);
                case ISimpleAssignmentOperation assignment:
                    return Evaluate(assignment.Value, env);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                {
                    var operand = Evaluate(not.Operand, env);
                    return operand is { IsKnown: true, Value: bool b } ? Fact.Known(!b, operand.Dependent) : Fact.Unknown(operand.Dependent);
                }

                case IBinaryOperation binary:
                    return EvaluateBinary(binary, env);
                case IIsPatternOperation isPattern:
                {
                    var tested = Evaluate(isPattern.Value, env);
                    var matches = tested.IsKnown ? Matches(isPattern.Pattern, tested.Value) : null;
                    return matches is { } m ? Fact.Known(m, tested.Dependent) : Fact.Unknown(tested.Dependent || IsDependent(isPattern, env));
                }

                case IInvocationOperation { TargetMethod: { IsStatic: true, Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace", ContainingType.SpecialType: SpecialType.System_String } } isNullOr
                    when isNullOr.Arguments.Length == 1:
                {
                    var tested = Evaluate(isNullOr.Arguments[0].Value, env);
                    return tested is { IsKnown: true, Value: null } ? Fact.Known(true, tested.Dependent) : Fact.Unknown(tested.Dependent);
                }

                case IInvocationOperation { TargetMethod.Name: "Peek" or "PeekChar", Instance: { } peeked } peek
                    when peek.TargetMethod.Parameters.IsEmpty && SameConnection(peeked):
                    // Nothing is left to peek at: -1.
                    return Fact.Known(-1, dependent: true);

                case IPropertyReferenceOperation { Property.Name: "DataAvailable" or "EndOfStream" or "Available", Instance: { } instance } property
                    when SameConnection(instance):
                    // At the end nothing is available (DataAvailable false, Available 0) and StreamReader.EndOfStream is true.
                    return property.Property.Name switch
                    {
                        "DataAvailable" => Fact.Known(false, dependent: true),
                        "EndOfStream" => Fact.Known(true, dependent: true),
                        _ => Fact.Known(0, dependent: true),
                    };

                default:
                    if (KeyOf(operation) is { } key && env.TryGet(key, out var known))
                    {
                        return known;
                    }

                    return Fact.Unknown(IsDependent(operation, env));
            }
        }

        private Fact EvaluateBinary(IBinaryOperation binary, Env env)
        {
            var left = Evaluate(binary.LeftOperand, env);
            var right = Evaluate(binary.RightOperand, env);
            var dependent = left.Dependent || right.Dependent;
            switch (binary.OperatorKind)
            {
                case BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And when binary.Type?.SpecialType == SpecialType.System_Boolean:
                    if (left is { IsKnown: true, Value: false })
                        return Fact.Known(false, left.Dependent);
                    if (right is { IsKnown: true, Value: false })
                        return Fact.Known(false, right.Dependent);
                    return left is { IsKnown: true, Value: true } && right is { IsKnown: true, Value: true }
                        ? Fact.Known(true, dependent)
                        : Fact.Unknown(dependent);
                case BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or when binary.Type?.SpecialType == SpecialType.System_Boolean:
                    if (left is { IsKnown: true, Value: true })
                        return Fact.Known(true, left.Dependent);
                    if (right is { IsKnown: true, Value: true })
                        return Fact.Known(true, right.Dependent);
                    return left is { IsKnown: true, Value: false } && right is { IsKnown: true, Value: false }
                        ? Fact.Known(false, dependent)
                        : Fact.Unknown(dependent);
            }

            if (!left.IsKnown || !right.IsKnown)
            {
                return Fact.Unknown(dependent);
            }

            var result = Compare(binary.OperatorKind, left.Value, right.Value);
            return result is { } r ? Fact.Known(r, dependent) : Fact.Unknown(dependent);
        }

        private static bool? Compare(BinaryOperatorKind kind, object? left, object? right)
        {
            if (left is null || right is null)
            {
                return kind switch
                {
                    BinaryOperatorKind.Equals => left is null && right is null,
                    BinaryOperatorKind.NotEquals => !(left is null && right is null),
                    _ => null,
                };
            }

            if (left is bool leftBool && right is bool rightBool)
            {
                return kind switch
                {
                    BinaryOperatorKind.Equals => leftBool == rightBool,
                    BinaryOperatorKind.NotEquals => leftBool != rightBool,
                    _ => null,
                };
            }

            if (!TryGetInteger(left, out var l) || !TryGetInteger(right, out var r))
            {
                return null;
            }

            return kind switch
            {
                BinaryOperatorKind.Equals => l == r,
                BinaryOperatorKind.NotEquals => l != r,
                BinaryOperatorKind.LessThan => l < r,
                BinaryOperatorKind.LessThanOrEqual => l <= r,
                BinaryOperatorKind.GreaterThan => l > r,
                BinaryOperatorKind.GreaterThanOrEqual => l >= r,
                _ => null,
            };
        }

        private static bool ValuesEqual(object? left, object? right) => Compare(BinaryOperatorKind.Equals, left, right) == true;

        private static bool TryGetInteger(object value, out long result)
        {
            switch (value)
            {
                case int i:
                    result = i;
                    return true;
                case long l:
                    result = l;
                    return true;
                case short s:
                    result = s;
                    return true;
                case sbyte sb:
                    result = sb;
                    return true;
                case byte b:
                    result = b;
                    return true;
                case ushort us:
                    result = us;
                    return true;
                case uint ui:
                    result = ui;
                    return true;
                case char c:
                    result = c;
                    return true;
                default:
                    result = 0;
                    return false;
            }
        }

        /// <summary>Whether a value known at the end of the stream matches a pattern; null when it cannot be told.</summary>
        private static bool? Matches(IPatternOperation pattern, object? value, int nesting = 0)
        {
            if (nesting > OperationChains.MaxNesting)
            {
                throw new GiveUpException();
            }

            switch (pattern)
            {
                case IConstantPatternOperation constant when constant.Value.ConstantValue.HasValue:
                    return ValuesEqual(constant.Value.ConstantValue.Value, value);
                case IRelationalPatternOperation relational when relational.Value.ConstantValue.HasValue:
                    return Compare(relational.OperatorKind, value, relational.Value.ConstantValue.Value);
                case INegatedPatternOperation negated:
                    return !Matches(negated.Pattern, value, nesting + 1);
                case IBinaryPatternOperation binary:
                {
                    var left = Matches(binary.LeftPattern, value, nesting + 1);
                    var right = Matches(binary.RightPattern, value, nesting + 1);
                    return binary.OperatorKind == BinaryOperatorKind.Or
                        ? left == true || right == true ? true : left == false && right == false ? false : null
                        : left == false || right == false ? false : left == true && right == true ? true : null;
                }

                case IDiscardPatternOperation:
                    return true;
                case IDeclarationPatternOperation { MatchesNull: true }:
                    return true;
                case IDeclarationPatternOperation or ITypePatternOperation or IRecursivePatternOperation when value is null:
                    return false;
                default:
                    return null;
            }
        }

        /// <summary>Whether any part of the operation is the read's result or a variable holding it.</summary>
        private bool IsDependent(IOperation operation, Env env)
        {
            foreach (var node in ConnectionSemantics.DescendantsOutsideFunctions(operation))
            {
                if (node == _read || KeyOf(node) is { } key && env.TryGet(key, out var known) && known.Dependent)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The read itself, awaited, through conversions, or an assignment of it (<c>(n = s.Read(..))</c>).</summary>
        private bool IsReadResult(IOperation operation)
        {
            for (var steps = 0; steps < 8; steps++)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    case IAwaitOperation awaited:
                        operation = awaited.Operation;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaitable }:
                        operation = awaitable;
                        continue;
                    case ISimpleAssignmentOperation assignment:
                        operation = assignment.Value;
                        continue;
                    default:
                        return operation == _read;
                }
            }

            return false;
        }

        private bool SameConnection(IOperation instance) =>
            SymbolEqualityComparer.Default.Equals(_roots.RootOf(instance), _root);

        private static ISymbol? KeyOf(IOperation operation) => SymbolOf(operation);

        private static bool Jumps(IOperation operation) =>
            ConnectionSemantics.DescendantsOutsideFunctions(operation).Any(node =>
                node is IBranchOperation or IReturnOperation or IThrowOperation);

        private static bool IsInside(ILabelSymbol label, IOperation operation) =>
            label.Locations.Any(location => location.SourceTree == operation.Syntax.SyntaxTree && operation.Syntax.Span.Contains(location.SourceSpan));

        private static bool Contains(IOperation container, IOperation operation)
        {
            for (var node = operation; node is not null; node = node.Parent)
            {
                if (node == container)
                {
                    return true;
                }
            }

            return false;
        }

        private static IOperation? Condition(ILoopOperation loop) => loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };

        /// <summary>An if statement (not a conditional expression).</summary>
        private static bool IsStatement(IConditionalOperation conditional) =>
            conditional.Parent is IBlockOperation or ISwitchCaseOperation or IConditionalOperation or ILoopOperation or ILabeledOperation ||
            conditional.Type is null || conditional.Type.SpecialType == SpecialType.System_Void;

        /// <summary>Whether <paramref name="child"/> is a statement of <paramref name="parent"/>.</summary>
        private static bool IsStatementContainer(IOperation parent, IOperation child) => parent switch
        {
            IBlockOperation or ISwitchCaseOperation => true,
            IConditionalOperation conditional => IsStatement(conditional) && (conditional.WhenTrue == child || conditional.WhenFalse == child),
            ILoopOperation loop => loop.Body == child,
            ITryOperation or ICatchClauseOperation => child is IBlockOperation,
            IUsingOperation @using => @using.Body == child,
            ILockOperation @lock => @lock.Body == child,
            ILabeledOperation labeled => labeled.Operation == child,
            _ => false,
        };

        /// <summary>Children before parents: the order in which assignments happen.</summary>
        private static IEnumerable<IOperation> PostOrder(IOperation root)
        {
            var stack = new Stack<(IOperation Operation, bool ChildrenDone)>();
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (operation, childrenDone) = stack.Pop();
                if (childrenDone)
                {
                    yield return operation;
                    continue;
                }

                stack.Push((operation, true));
                foreach (var child in operation.ChildOperations.Reverse())
                {
                    if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                    {
                        stack.Push((child, false));
                    }
                }
            }
        }

        private sealed class GiveUpException : Exception
        {
        }
    }

    /// <summary>A value at the end of the stream: known (a constant) or not, and whether it comes from the read.</summary>
    private readonly struct Fact
    {
        private Fact(bool isKnown, object? value, bool dependent)
        {
            IsKnown = isKnown;
            Value = value;
            Dependent = dependent;
        }

        public bool IsKnown { get; }

        public object? Value { get; }

        public bool Dependent { get; }

        public static Fact Known(object? value, bool dependent) => new(true, value, dependent);

        public static Fact Unknown(bool dependent) => new(false, null, dependent);
    }

    /// <summary>What is known about variables along one walk: immutable, so branches do not disturb each other.</summary>
    private sealed class Env
    {
        public static readonly Env Empty = new(ImmutableDictionary.Create<ISymbol, Fact>(SymbolEqualityComparer.Default));

        private readonly ImmutableDictionary<ISymbol, Fact> _values;

        private Env(ImmutableDictionary<ISymbol, Fact> values) => _values = values;

        public bool IsEmpty => _values.IsEmpty;

        public bool TryGet(ISymbol key, out Fact value) => _values.TryGetValue(key, out value);

        /// <summary>A variable now holds the value: remembered when known or depending on the read, forgotten otherwise.</summary>
        public Env Set(ISymbol key, Fact value) =>
            value.IsKnown || value.Dependent ? new Env(_values.SetItem(key, value)) : Remove(key);

        public Env Remove(ISymbol key) => _values.ContainsKey(key) ? new Env(_values.Remove(key)) : this;
    }
}
