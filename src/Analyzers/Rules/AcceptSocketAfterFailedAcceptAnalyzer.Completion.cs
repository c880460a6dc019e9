using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>SOCK010's reading of one accept completion: what its tests of <c>e.SocketError</c> say at each use of the socket.</summary>
public sealed partial class AcceptSocketAfterFailedAcceptAnalyzer
{
    /// <summary>One function that reads the AcceptSocket of one event args variable.</summary>
    private sealed class Completion
    {
        private readonly IOperation _function;
        private readonly ISymbol _args;
        private readonly SocketErrorChecks _reader;
        private readonly ConnectionSemantics _semantics;

        public Completion(IOperation function, ISymbol args, SocketErrorChecks reader, ConnectionSemantics semantics)
        {
            _function = function;
            _args = args;
            _reader = reader;
            _semantics = semantics;
        }

        /// <summary>Reports <paramref name="use"/> (the AcceptSocket, or a local copy of it) when it is dereferenced or passed on where the accept failed.</summary>
        public void Report(OperationAnalysisContext context, IOperation use, ILocalSymbol? copy = null)
        {
            var passedOn = Parent(use) is IArgumentOperation argument && CalleeDereferences(argument);
            if ((!passedOn && !IsDereference(use)) || IsAcceptCompletion(use) != true || IsNullTestedBefore(use, copy) || IsAssignedBefore(use) || IsCaught(use))
            {
                return;
            }

            var outcome = OutcomeAt(use, _function, _args);
            var failed = outcome == Outcome.Failure ||
                         (outcome == Outcome.Unknown && !passedOn && !TestsAnywhere(_function, _args) && CallersTestNothing());
            if (failed)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, use.Syntax.GetLocation(), use.Syntax.ToString()));
            }
        }

        /// <summary>
        /// Passed to a method or constructor of the project whose body dereferences that parameter and never tests it
        /// for null; what other code does with a null is unknown.
        /// </summary>
        private bool CalleeDereferences(IArgumentOperation argument)
        {
            if (argument.Parameter is not { RefKind: RefKind.None } parameter || parameter.ContainingSymbol is not IMethodSymbol method ||
                _semantics.GetBody(method.OriginalDefinition) is not { } body)
            {
                return false;
            }

            var dereferenced = false;
            foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(body))
            {
                if (operation is not IParameterReferenceOperation reference ||
                    !SymbolEqualityComparer.Default.Equals(reference.Parameter.OriginalDefinition, parameter.OriginalDefinition))
                {
                    continue;
                }

                switch (Parent(reference))
                {
                    case IBinaryOperation or IIsPatternOperation or IConditionalAccessOperation or ICoalesceOperation or ISimpleAssignmentOperation:
                        return false;
                    default:
                        dereferenced |= IsDereference(reference);
                        break;
                }
            }

            return dereferenced;
        }

        /// <summary>True when a LastOperation guard says Accept or the function is an accept completion; false when a guard names another operation.</summary>
        private bool? IsAcceptCompletion(IOperation use)
        {
            for (IOperation child = use, parent = use.Parent!; parent is not null && child != _function; child = parent, parent = parent.Parent!)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when conditional.WhenTrue == child && LastOperationIn(conditional.Condition) is { } name:
                        return name == "Accept";
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when conjunction.RightOperand == child && LastOperationIn(conjunction.LeftOperand) is { } name:
                        return name == "Accept";
                    case ISwitchCaseOperation { Parent: ISwitchOperation switchOperation } section when IsLastOperation(switchOperation.Value):
                        foreach (var clause in section.Clauses)
                        {
                            if (clause is ISingleValueCaseClauseOperation { Value: { } value } && OperationName(value) is { } caseName)
                            {
                                return caseName == "Accept";
                            }
                        }

                        return null;
                }
            }

            switch (_function)
            {
                case IAnonymousFunctionOperation lambda:
                    return IsSubscribedToAcceptOnlyArgs(lambda) ? true : null;
                case ILocalFunctionOperation localFunction:
                    return NamesAccept(localFunction.Symbol.Name) ? true : null;
                default:
                    return (_function.SemanticModel?.GetEnclosingSymbol(use.Syntax.SpanStart) is IMethodSymbol method && NamesAccept(method.Name)) ? true : null;
            }
        }

        private static bool NamesAccept(string name) =>
            name.IndexOf("Accept", StringComparison.OrdinalIgnoreCase) >= 0 &&
            name.IndexOf("Receive", StringComparison.OrdinalIgnoreCase) < 0 &&
            name.IndexOf("Send", StringComparison.OrdinalIgnoreCase) < 0 &&
            name.IndexOf("Connect", StringComparison.OrdinalIgnoreCase) < 0;

        /// <summary>The operation named by a conjunct <c>e.LastOperation == SocketAsyncOperation.X</c> of <paramref name="condition"/>.</summary>
        private string? LastOperationIn(IOperation condition, int depth = 0)
        {
            condition = Strip(condition);
            if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction)
            {
                return depth > OperationChains.MaxNesting
                    ? null
                    : LastOperationIn(conjunction.LeftOperand, depth + 1) ?? LastOperationIn(conjunction.RightOperand, depth + 1);
            }

            if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } comparison)
            {
                return IsLastOperation(comparison.LeftOperand) ? OperationName(comparison.RightOperand)
                    : IsLastOperation(comparison.RightOperand) ? OperationName(comparison.LeftOperand)
                    : null;
            }

            return condition is IIsPatternOperation { Pattern: IConstantPatternOperation constant } isPattern && IsLastOperation(isPattern.Value)
                ? OperationName(constant.Value)
                : null;
        }

        private bool IsLastOperation(IOperation value) =>
            Strip(value) is IPropertyReferenceOperation { Property.Name: "LastOperation", Instance: { } instance } property &&
            ConnectionModel.InheritsFrom(property.Property.ContainingType, _semantics.Model.SocketAsyncEventArgs) &&
            SymbolEqualityComparer.Default.Equals(_reader.RootOf(instance), _args);

        private static string? OperationName(IOperation value) =>
            Strip(value) is IFieldReferenceOperation { Field: { HasConstantValue: true } field } && field.ContainingType?.Name == "SocketAsyncOperation"
                ? field.Name
                : null;

        /// <summary><c>args.Completed += (s, e) => ...</c>, where the enclosing code accepts with <c>args</c> and starts nothing else with it.</summary>
        private bool IsSubscribedToAcceptOnlyArgs(IAnonymousFunctionOperation lambda)
        {
            if (SubscribedArgs(lambda) is not { } subscribed)
            {
                return false;
            }

            var accepts = false;
            foreach (var operation in BodyFacts.RootOf(lambda).Descendants())
            {
                if (operation is not IInvocationOperation { TargetMethod: var method } invocation ||
                    !ConnectionModel.InheritsFrom(method.ContainingType, _semantics.Model.Socket) || !method.Name.EndsWith("Async", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (ConnectionModel.InheritsFrom(argument.Value.Type, _semantics.Model.SocketAsyncEventArgs) &&
                        SymbolEqualityComparer.Default.Equals(SocketErrorChecks.ForBodyOf(invocation, _semantics.Model).RootOf(argument.Value), subscribed))
                    {
                        if (method.Name != "AcceptAsync")
                        {
                            return false;
                        }

                        accepts = true;
                    }
                }
            }

            return accepts;
        }

        /// <summary>The event args whose <c>Completed</c> the lambda is added to.</summary>
        private ISymbol? SubscribedArgs(IAnonymousFunctionOperation lambda)
        {
            IOperation? current = lambda.Parent;
            while (current is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IEventAssignmentOperation { Adds: true, EventReference: IEventReferenceOperation { Event.Name: "Completed", Instance: { } subscribed } }
                ? SocketErrorChecks.ForBodyOf(current, _semantics.Model).RootOf(subscribed)
                : null;
        }

        /// <summary>
        /// What the tests around <paramref name="use"/> in <paramref name="function"/> say of the accept of <paramref name="args"/>:
        /// the branch it sits in, the operand of <c>&amp;&amp;</c>/<c>||</c>, or an earlier <c>if</c> in an enclosing block
        /// (one that leaves tells the rest of the block the opposite; a failure test that falls through lets failure reach the use).
        /// </summary>
        private Outcome OutcomeAt(IOperation use, IOperation function, ISymbol args)
        {
            for (IOperation child = use, parent = use.Parent!; parent is not null && child != function; child = parent, parent = parent.Parent!)
            {
                var outcome = Outcome.Unknown;
                switch (parent)
                {
                    case IConditionalOperation conditional when conditional.Condition != child:
                        outcome = OutcomeOf(conditional.Condition, args, whenTrue: conditional.WhenTrue == child);
                        break;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical when logical.RightOperand == child:
                        outcome = OutcomeOf(logical.LeftOperand, args, whenTrue: logical.OperatorKind == BinaryOperatorKind.ConditionalAnd);
                        break;
                    case ISwitchCaseOperation { Parent: ISwitchOperation switchOperation } section:
                        outcome = CaseOutcome(section, switchOperation, args);
                        break;
                    case IBlockOperation block:
                        outcome = OutcomeAfterEarlierTests(block, child, args);
                        break;
                }

                if (outcome != Outcome.Unknown)
                {
                    return outcome;
                }
            }

            return Outcome.Unknown;
        }

        private Outcome OutcomeAfterEarlierTests(IBlockOperation block, IOperation child, ISymbol args)
        {
            var outcome = Outcome.Unknown;
            foreach (var statement in block.Operations)
            {
                if (statement == child)
                {
                    break;
                }

                if (statement is not IConditionalOperation { WhenFalse: null } test)
                {
                    continue;
                }

                var whenTrue = OutcomeOf(test.Condition, args, whenTrue: true);
                if (LeavesScope(test.WhenTrue))
                {
                    // `if (failed) return;` → success below; `if (succeeded) return;` → failure below.
                    outcome = whenTrue switch
                    {
                        Outcome.Failure => Outcome.Success,
                        Outcome.Success => Outcome.Failure,
                        _ => outcome,
                    };
                }
                else if (whenTrue == Outcome.Failure)
                {
                    // `if (failed) { Log(); }` and on: the failure reaches the use.
                    outcome = Outcome.Failure;
                }
            }

            return outcome;
        }

        /// <summary>What <paramref name="condition"/> being true (or false) says: a test of the args' SocketError, alone, in a conjunction (true) or a disjunction (false).</summary>
        private Outcome OutcomeOf(IOperation condition, ISymbol args, bool whenTrue, int depth = 0)
        {
            condition = Strip(condition);
            if (depth > OperationChains.MaxNesting)
            {
                return Outcome.Unknown;
            }

            if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            {
                return OutcomeOf(not.Operand, args, !whenTrue, depth + 1);
            }

            if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical)
            {
                // Every operand holds when an && is true or an || is false; otherwise nothing is known.
                if (logical.OperatorKind == BinaryOperatorKind.ConditionalAnd != whenTrue)
                {
                    return Outcome.Unknown;
                }

                var left = OutcomeOf(logical.LeftOperand, args, whenTrue, depth + 1);
                return left != Outcome.Unknown ? left : OutcomeOf(logical.RightOperand, args, whenTrue, depth + 1);
            }

            foreach (var check in _reader.Read(condition))
            {
                if (check.IsCodeTest && check.SubjectKind == SocketErrorSubjectKind.AsyncEventArgs && SymbolEqualityComparer.Default.Equals(check.Root, args))
                {
                    return Meaning(check, holds: whenTrue);
                }
            }

            return Outcome.Unknown;
        }

        /// <summary>A check that holds (or not): names only Success → success (not: failure); names only failures → failure.</summary>
        private static Outcome Meaning(SocketErrorCheck check, bool holds)
        {
            var onlySuccess = check.Names.Length > 0;
            var anySuccess = false;
            foreach (var named in check.Names)
            {
                onlySuccess &= named.Name == "Success";
                anySuccess |= named.Name == "Success";
            }

            var isSuccessTest = holds != check.Negated;
            if (onlySuccess)
            {
                return isSuccessTest ? Outcome.Success : Outcome.Failure;
            }

            // `== OperationAborted` holds: failure; `!= OperationAborted` does not hold: failure.
            return !anySuccess && isSuccessTest ? Outcome.Failure : Outcome.Unknown;
        }

        private Outcome CaseOutcome(ISwitchCaseOperation section, ISwitchOperation switchOperation, ISymbol args)
        {
            var outcome = Outcome.Unknown;
            foreach (var check in _reader.Read(switchOperation))
            {
                if (!check.IsCodeTest)
                {
                    continue;
                }

                if (check.SubjectKind != SocketErrorSubjectKind.AsyncEventArgs || !SymbolEqualityComparer.Default.Equals(check.Root, args))
                {
                    return Outcome.Unknown;
                }

                if (check.Operation.Parent != section)
                {
                    continue;
                }

                var meaning = Meaning(check, holds: true);
                if (meaning == Outcome.Unknown || (outcome != Outcome.Unknown && outcome != meaning))
                {
                    return Outcome.Unknown;
                }

                outcome = meaning;
            }

            foreach (var clause in section.Clauses)
            {
                if (clause is IDefaultCaseClauseOperation)
                {
                    return Outcome.Unknown;
                }
            }

            return outcome;
        }

        private static bool LeavesScope(IOperation statement)
        {
            while (statement is IBlockOperation { Operations.Length: > 0 } block)
            {
                statement = block.Operations[block.Operations.Length - 1];
            }

            return statement is IReturnOperation or IThrowOperation or IBranchOperation ||
                   statement is IExpressionStatementOperation { Operation: IThrowOperation };
        }

        /// <summary>Whether <paramref name="function"/> tests the SocketError of <paramref name="args"/> anywhere.</summary>
        private bool TestsAnywhere(IOperation function, ISymbol args)
        {
            foreach (var check in _reader.ChecksIn(function, intoFunctions: false))
            {
                if (check.IsCodeTest && check.SubjectKind == SocketErrorSubjectKind.AsyncEventArgs && SymbolEqualityComparer.Default.Equals(check.Root, args))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A completion that tests nothing is reported only when nobody tested before it: a lambda subscribed to
        /// <c>Completed</c>, or a private method or local function of which every call (in its type) passes the args
        /// without a test, and every other reference subscribes it to <c>Completed</c>.
        /// </summary>
        private bool CallersTestNothing()
        {
            switch (_function)
            {
                case IAnonymousFunctionOperation lambda:
                    return SubscribedArgs(lambda) is not null;
                case ILocalFunctionOperation localFunction:
                    return ReferencesTestNothing(localFunction.Symbol, _function.Parent is { } parent ? new[] { BodyFacts.RootOf(parent) } : Array.Empty<IOperation>());
                default:
                    if (_args is not IParameterSymbol { ContainingSymbol: IMethodSymbol { DeclaredAccessibility: Accessibility.Private, IsOverride: false } method })
                    {
                        return false;
                    }

                    var bodies = new List<IOperation>();
                    foreach (var member in method.ContainingType.GetMembers())
                    {
                        if (member is IMethodSymbol other && _semantics.GetBody(other) is { } body)
                        {
                            bodies.Add(body);
                        }
                    }

                    return method.ContainingType.DeclaringSyntaxReferences.Length == 1 && ReferencesTestNothing(method, bodies);
            }
        }

        private bool ReferencesTestNothing(IMethodSymbol method, IEnumerable<IOperation> bodies)
        {
            if (_args is not IParameterSymbol { Ordinal: var ordinal })
            {
                return false;
            }

            var references = 0;
            foreach (var body in bodies)
            {
                foreach (var operation in body.DescendantsAndSelf())
                {
                    switch (operation)
                    {
                        case IInvocationOperation invocation when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method.OriginalDefinition):
                            references++;
                            IArgumentOperation? passed = null;
                            foreach (var argument in invocation.Arguments)
                            {
                                if (argument.Parameter?.Ordinal == ordinal)
                                {
                                    passed = argument;
                                }
                            }

                            var reader = SocketErrorChecks.ForBodyOf(invocation, _semantics.Model);
                            if (passed is null || reader.RootOf(passed.Value) is not { } callerArgs)
                            {
                                return false;
                            }

                            var caller = new Completion(WritePaths.EnclosingFunction(invocation), callerArgs, reader, _semantics);
                            if (caller.OutcomeAt(invocation, caller._function, callerArgs) != Outcome.Unknown || caller.TestsAnywhere(caller._function, callerArgs))
                            {
                                return false;
                            }

                            break;
                        case IMethodReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Method.OriginalDefinition, method.OriginalDefinition):
                            references++;
                            var parent = reference.Parent;
                            while (parent is IDelegateCreationOperation or IConversionOperation)
                            {
                                parent = parent.Parent;
                            }

                            if (parent is not IEventAssignmentOperation { Adds: true, EventReference: IEventReferenceOperation { Event.Name: "Completed" } })
                            {
                                return false;
                            }

                            break;
                    }
                }
            }

            return references > 0;
        }

        /// <summary>
        /// A null test of the AcceptSocket of these args (or of its local copy) guards the use: in the condition of an
        /// enclosing <c>if</c>, <c>?:</c>, <c>&amp;&amp;</c> or <c>||</c>, or in an earlier <c>if</c> of an enclosing block.
        /// </summary>
        private bool IsNullTestedBefore(IOperation use, ILocalSymbol? copy)
        {
            for (IOperation child = use, parent = use.Parent!; parent is not null && child != _function; child = parent, parent = parent.Parent!)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when conditional.Condition != child && TestsForNull(conditional.Condition, copy):
                        return true;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical when logical.RightOperand == child && TestsForNull(logical.LeftOperand, copy):
                        return true;
                    case IBlockOperation block:
                        foreach (var statement in block.Operations)
                        {
                            if (statement == child)
                            {
                                break;
                            }

                            if (statement is IConditionalOperation earlier && TestsForNull(earlier.Condition, copy))
                            {
                                return true;
                            }
                        }

                        break;
                }
            }

            return false;
        }

        private bool TestsForNull(IOperation condition, ILocalSymbol? copy)
        {
            foreach (var operation in condition.DescendantsAndSelf())
            {
                IOperation? tested = operation switch
                {
                    IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary =>
                        IsNull(binary.RightOperand) ? binary.LeftOperand : IsNull(binary.LeftOperand) ? binary.RightOperand : null,
                    IIsPatternOperation isPattern => isPattern.Value,
                    IConditionalAccessOperation conditionalAccess => conditionalAccess.Operation,
                    ICoalesceOperation coalesce => coalesce.Value,
                    IInvocationOperation { TargetMethod.Name: "ReferenceEquals" or "IsNull", Arguments.Length: > 0 } call => call.Arguments[0].Value,
                    _ => null,
                };
                if (tested is not null && IsAcceptSocket(Strip(tested), copy))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsNull(IOperation operation) => Strip(operation).ConstantValue is { HasValue: true, Value: null };

        private bool IsAcceptSocket(IOperation operation, ILocalSymbol? copy) => operation switch
        {
            IPropertyReferenceOperation { Property.Name: "AcceptSocket", Instance: { } instance } =>
                SymbolEqualityComparer.Default.Equals(_reader.RootOf(instance), _args),
            ILocalReferenceOperation local => copy is not null && SymbolEqualityComparer.Default.Equals(local.Local, copy),
            _ => false,
        };

        /// <summary>The code sets AcceptSocket itself before the use (its own socket, not the accept's result).</summary>
        private bool IsAssignedBefore(IOperation use)
        {
            foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(_function))
            {
                if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment &&
                    assignment.Syntax.SpanStart < use.Syntax.SpanStart && IsAcceptSocket(target, copy: null))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Inside a try whose catch takes NullReferenceException (or a base, or everything): the process does not die.</summary>
        private bool IsCaught(IOperation use)
        {
            for (IOperation child = use, parent = use.Parent!; parent is not null && child != _function; child = parent, parent = parent.Parent!)
            {
                if (parent is ITryOperation tryOperation && tryOperation.Body == child)
                {
                    foreach (var clause in tryOperation.Catches)
                    {
                        if (clause.ExceptionType is not { } type || type.SpecialType == SpecialType.System_Object ||
                            type.ToDisplayString() is "System.Exception" or "System.SystemException" or "System.NullReferenceException")
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
