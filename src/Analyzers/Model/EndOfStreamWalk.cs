using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

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
internal sealed partial class EndOfStreamWalk
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
    private bool _gaveUp;

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
            return Start() || _gaveUp;
        }
        catch (InsufficientExecutionStackException)
        {
            // The last guard of the stack (the walk's own bounds come first): no report.
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
                    return GiveUp();

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
                    return GiveUp();
            }

            if (IsStatementContainer(parent, node))
            {
                return Statement(node, Effects(node, env), e => Resume(parent, node, e));
            }

            node = parent;
        }

        return GiveUp();
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
            return GiveUp();
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
        if (!Enter())
        {
            return true;
        }

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
                    return GiveUp();
            }
        }
        finally
        {
            _depth--;
        }
    }

    private bool Resume(IOperation node, Env env) =>
        node.Parent is { } parent ? Resume(parent, node, env) : GiveUp();

    private bool Statement(IOperation statement, Env env, Continuation next) => statement switch
    {
        IReturnOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        _ => next(env),
    };

    private bool Exec(IOperation statement, Env env, Continuation next) => Exec(statement, env, next, LabelsAt(statement));

    private bool Exec(IOperation statement, Env env, Continuation next, ImmutableDictionary<ILabelSymbol, Continuation> labels)
    {
        if (!Enter())
        {
            return true;
        }

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

    /// <summary>One more step, one level deeper; false once the walk is too long or too deep (it gives up).</summary>
    private bool Enter()
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (_gaveUp || ++_steps > MaxSteps || _depth >= MaxDepth)
        {
            _gaveUp = true;
            return false;
        }

        _depth++;
        return true;
    }

    /// <summary>
    /// Stops judging: the walk answers "leaves the loop" (no report) from here on. The answer travels up through the
    /// continuations as <c>true</c>, and <see cref="LeavesLoop"/> also reads the flag, so no caller can turn it around.
    /// </summary>
    private bool GiveUp()
    {
        _gaveUp = true;
        return true;
    }

}
