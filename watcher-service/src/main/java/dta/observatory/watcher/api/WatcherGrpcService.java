package dta.observatory.watcher.api;

import dta.observatory.api.v1.CreateRuleRequest;
import dta.observatory.api.v1.DeleteRuleRequest;
import dta.observatory.api.v1.DeleteRuleResponse;
import dta.observatory.api.v1.GetRuleRequest;
import dta.observatory.api.v1.ListRulesRequest;
import dta.observatory.api.v1.ListRulesResponse;
import dta.observatory.api.v1.RuleView;
import dta.observatory.api.v1.UpdateRuleRequest;
import dta.observatory.api.v1.WatcherService;
import dta.observatory.watcher.evaluation.RuleBook;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** dta.v1.WatcherService: rule management over gRPC. */
@GrpcService
public class WatcherGrpcService implements WatcherService {

    private final RuleBook rules;

    WatcherGrpcService(RuleBook rules) {
        this.rules = rules;
    }

    @Override
    public Uni<RuleView> createRule(CreateRuleRequest request) {
        return answer(() -> RuleMapping.toView(rules.add(RuleMapping.fromProto(request.getRule()))));
    }

    @Override
    public Uni<RuleView> getRule(GetRuleRequest request) {
        return answer(() -> rules.get(request.getId()).map(RuleMapping::toView).orElseThrow(() ->
                Status.NOT_FOUND.withDescription("no rule with id '" + request.getId() + "'").asRuntimeException()));
    }

    @Override
    public Uni<ListRulesResponse> listRules(ListRulesRequest request) {
        return answer(() -> ListRulesResponse.newBuilder()
                .addAllRules(rules.all().stream().map(RuleMapping::toView).toList()).build());
    }

    @Override
    public Uni<DeleteRuleResponse> deleteRule(DeleteRuleRequest request) {
        return answer(() -> DeleteRuleResponse.newBuilder().setDeleted(rules.remove(request.getId())).build());
    }

    @Override
    public Uni<RuleView> updateRule(UpdateRuleRequest request) {
        return answer(() -> {
            if (request.getRule().getId().isEmpty()) {
                throw new IllegalArgumentException("rule.id is required to update a rule");
            }
            return RuleMapping.toView(rules.replace(RuleMapping.fromProto(request.getRule())));
        });
    }

    private static <T> Uni<T> answer(Supplier<T> call) {
        try {
            return Uni.createFrom().item(call.get());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuleBook.ReadOnlyRuleException e) {
            return Uni.createFrom().failure(Status.FAILED_PRECONDITION.withDescription(e.getMessage())
                    .asRuntimeException());
        } catch (java.util.NoSuchElementException e) {
            return Uni.createFrom().failure(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
        } catch (IllegalStateException e) {
            return Uni.createFrom().failure(Status.ALREADY_EXISTS.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }
}
