<#ftl output_format="HTML">
<#-- How a person's part of the device journey ended (see InfoPages): approved, denied, expired,
     step-up-required, step-up-enrol, not-allowed, too-many-attempts or waiting. Texts are messages
     only; nothing here comes from the device. The leash theme styles it by outcome. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
  <#if section = "header">
    ${msg(leashOutcomeHeader)}
  <#elseif section = "form">
    <div id="leash-outcome" class="leash-outcome leash-outcome-${leashOutcome}" data-outcome="${leashOutcome}">
      <p id="leash-outcome-message" <#if leashOutcome != "approved" && leashOutcome != "waiting">role="alert"</#if>>${msg(leashOutcomeMessage)}</p>
    </div>
  </#if>
</@layout.registrationLayout>
