{{/* Names, labels and the pieces every pod of the chart shares. */}}

{{- define "jisr.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "jisr.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "jisr.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object; "component" is web, worker, beat or migrate. */}}
{{- define "jisr.labels" -}}
helm.sh/chart: {{ include "jisr.chart" .root }}
{{ include "jisr.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: jisr
{{- end }}

{{- define "jisr.selectorLabels" -}}
app.kubernetes.io/name: {{ include "jisr.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{- define "jisr.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end }}

{{- define "jisr.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "jisr.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the platform reads: the one the operator made, or the chart's. */}}
{{- define "jisr.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "jisr.fullname" .) }}
{{- end }}

{{/* The non-secret environment: the ConfigMap's data (also the migration hook's copy of it). */}}
{{- define "jisr.configData" -}}
PLATFORM_DOMAIN: {{ required "platformDomain is required" .Values.platformDomain | quote }}
DEBUG: "0"
MEDIA_ROOT: /srv/jisr/media
DATABASE_CONN_MAX_AGE: {{ .Values.postgresql.connMaxAge | quote }}
DATABASE_CONNECT_TIMEOUT: {{ .Values.postgresql.connectTimeout | quote }}
CACHE_KEY_PREFIX: {{ .Values.redis.cacheKeyPrefix | quote }}
TENANT_MIGRATION_PROCESSES: {{ .Values.migrations.processes | quote }}
{{- range $name, $value := .Values.config }}
{{ $name }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{/* The Secret's data when the chart makes it: the required keys must be given. */}}
{{- define "jisr.secretData" -}}
SECRET_KEY: {{ required "secrets.secretKey is required (or set secrets.existingSecret)" .Values.secrets.secretKey | b64enc | quote }}
FIELD_ENCRYPTION_KEYS: {{ required "secrets.fieldEncryptionKeys is required (or set secrets.existingSecret)" .Values.secrets.fieldEncryptionKeys | b64enc | quote }}
FIELD_HASH_KEY: {{ required "secrets.fieldHashKey is required (or set secrets.existingSecret)" .Values.secrets.fieldHashKey | b64enc | quote }}
DATABASE_URL: {{ required "postgresql.url is required (or set secrets.existingSecret)" .Values.postgresql.url | b64enc | quote }}
REDIS_URL: {{ required "redis.url is required (or set secrets.existingSecret)" .Values.redis.url | b64enc | quote }}
{{- with .Values.redis.brokerUrl }}
CELERY_BROKER_URL: {{ . | b64enc | quote }}
{{- end }}
{{- with .Values.secrets.secretKeyFallbacks }}
SECRET_KEY_FALLBACKS: {{ . | b64enc | quote }}
{{- end }}
{{- with .Values.secrets.emailUrl }}
EMAIL_URL: {{ . | b64enc | quote }}
{{- end }}
{{- with .Values.secrets.sentryDsn }}
SENTRY_DSN: {{ . | b64enc | quote }}
{{- end }}
{{- end }}

{{/* envFrom of every platform container; "configMap" names the ConfigMap (the hook has its own copy). */}}
{{- define "jisr.envFrom" -}}
- configMapRef:
    name: {{ .configMap }}
- secretRef:
    name: {{ include "jisr.secretName" .root }}
{{- end }}

{{/* Rolls the pods when their configuration changes (envFrom is read only when a container starts). */}}
{{- define "jisr.configChecksums" -}}
checksum/config: {{ include "jisr.configData" . | sha256sum }}
{{- if not .Values.secrets.existingSecret }}
checksum/secret: {{ include "jisr.secretData" . | sha256sum }}
{{- end }}
{{- end }}

{{- define "jisr.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext }}
{{- end }}

{{- define "jisr.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext }}
{{- end }}

{{/* Volumes of a platform pod: /tmp always, the media volume when "media" is true. */}}
{{- define "jisr.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .root.Values.tmpSizeLimit }}
{{- if .media }}
- name: media
{{- if .root.Values.media.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ .root.Values.media.persistence.existingClaim | default (printf "%s-media" (include "jisr.fullname" .root)) }}
{{- else }}
  emptyDir: {}
{{- end }}
{{- end }}
{{- end }}

{{- define "jisr.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .media }}
- name: media
  mountPath: /srv/jisr/media
{{- end }}
{{- end }}

{{/* The scheduling fields of a pod, from a component's values. */}}
{{- define "jisr.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* A probe of the web container: an HTTP GET carrying the bare domain as Host. */}}
{{- define "jisr.httpProbe" -}}
httpGet:
  path: {{ .path }}
  port: http
  httpHeaders:
    - name: Host
      value: {{ .root.Values.platformDomain | quote }}
{{ toYaml .probe }}
{{- end }}
