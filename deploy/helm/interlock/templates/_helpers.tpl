{{/* The name of every object: the release's name (e.g. "interlock"). */}}
{{- define "interlock.name" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "interlock.labels" -}}
app.kubernetes.io/name: interlock
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "interlock.selector" -}}
app.kubernetes.io/name: interlock
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The folders of a policies folder that a ConfigMap may hold. */}}
{{- define "interlock.policyFolders" -}}
pre-signup pre-session-creation pre-user-invitation pre-m2m-token-creation data payloads lib
{{- end -}}
